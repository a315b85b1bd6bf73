//! The centre line and process limits of one segment.

/// Limits are mean ± this × mean moving range.
const LIMIT_FACTOR: f64 = 2.66;
/// Moving ranges at or above this × their mean are screened out as outliers.
const SCREEN_FACTOR: f64 = 3.267;

/// Statistics of one segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Limits {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
    pub near_lower: f64,
    pub near_upper: f64,
}

fn average(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

impl Limits {
    /// Mean and limits from a segment's baseline (its first `baseline`
    /// points, or all); none with fewer than 2 points, which have no moving range.
    pub fn from_values(values: &[f64], baseline: Option<usize>, screen: bool) -> Option<Limits> {
        if values.len() < 2 {
            return None;
        }
        let base = &values[..baseline.unwrap_or(values.len()).clamp(2, values.len())];
        let mean = average(base);
        let ranges: Vec<f64> = base.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        let mut mean_range = average(&ranges);
        if screen {
            // One wild month would otherwise widen the limits enough to hide real signals.
            let kept: Vec<f64> = ranges.iter().copied().filter(|r| *r < SCREEN_FACTOR * mean_range).collect();
            if !kept.is_empty() {
                mean_range = average(&kept);
            }
        }
        let width = LIMIT_FACTOR * mean_range;
        let near = 2.0 / 3.0 * width;
        Some(Limits {
            mean,
            lower: mean - width,
            upper: mean + width,
            near_lower: mean - near,
            near_upper: mean + near,
        })
    }
}
