//! Splitting a long list into numbered pages, the same way on every page and
//! in every API answer.

use std::ops::Range;

/// One page of a list of `total` items, `per_page` to a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageWindow {
    /// From 1; a number beyond the last page shows the last, below 1 the first.
    pub number: i64,
    /// At least one, even for an empty list.
    pub pages: i64,
    pub per_page: i64,
    pub total: usize,
}

impl PageWindow {
    /// The page asked for, brought within the pages there are.
    pub fn new(total: usize, asked: i64, per_page: i64) -> Self {
        let per_page = per_page.max(1);
        let pages = page_count(total as i64, per_page);
        Self { number: asked.clamp(1, pages), pages, per_page, total }
    }

    /// The positions of the items this page shows.
    pub fn range(&self) -> Range<usize> {
        let start = ((self.number - 1) * self.per_page) as usize;
        start.min(self.total)..(start + self.per_page as usize).min(self.total)
    }

    /// The items of `all` on this page.
    pub fn of<'a, T>(&self, all: &'a [T]) -> &'a [T] {
        &all[self.range()]
    }

    /// The page an item at `position` is on.
    pub fn containing(position: usize, per_page: i64) -> i64 {
        position as i64 / per_page.max(1) + 1
    }
}

/// How many pages `total` items fill, at least one.
pub fn page_count(total: i64, per_page: i64) -> i64 {
    let per_page = per_page.max(1);
    ((total + per_page - 1) / per_page).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_item_once_and_clamp_the_number() {
        let items: Vec<usize> = (0..53).collect();
        let first = PageWindow::new(53, 1, 25);
        assert_eq!((first.pages, first.of(&items).len()), (3, 25));
        let last = PageWindow::new(53, 3, 25);
        assert_eq!(last.of(&items), &items[50..]);
        assert_eq!(PageWindow::new(53, 99, 25).number, 3);
        assert_eq!(PageWindow::new(53, -4, 25).number, 1);
        let empty = PageWindow::new(0, 2, 25);
        assert_eq!((empty.number, empty.pages, empty.range()), (1, 1, 0..0));
        assert_eq!(PageWindow::containing(50, 25), 3);
        assert_eq!(page_count(50, 25), 2);
    }
}
