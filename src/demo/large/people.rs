//! Marlshire's 200 action owners, named by job title as plans name them
//! (council staff in four localities and county-wide, and partners in the
//! police, health, education, probation and housing), and its 50 users: every
//! role, the leaders and contributors being owners too, so that "actions they
//! own" works. Partners are owners but never users.

use super::LOCALITIES;
use crate::demo::data::{DemoOwner, DemoUser};
use crate::domain::kinds::Role;

/// The council's email domain.
pub const DOMAIN: &str = "marlshire.example";

/// A job held once in each locality: key, title, team (`{}` is the locality).
const IN_EACH_LOCALITY: &[(&str, &str, &str)] = &[
    ("hos_front_door", "Head of Service, Front Door and Assessment", "Children's Services, {}"),
    ("hos_cic", "Head of Service, Children in Care and Care Leavers", "Children's Services, {}"),
    ("mash_manager", "MASH Team Manager", "MASH, {}"),
    ("mash_senior", "Senior Practitioner, MASH", "MASH, {}"),
    ("assessment_manager_1", "Assessment Team Manager (Team 1)", "Assessment, {}"),
    ("assessment_manager_2", "Assessment Team Manager (Team 2)", "Assessment, {}"),
    ("assessment_manager_3", "Assessment Team Manager (Team 3)", "Assessment, {}"),
    ("cp_manager_1", "Child Protection Team Manager (Team 1)", "Safeguarding, {}"),
    ("cp_manager_2", "Child Protection Team Manager (Team 2)", "Safeguarding, {}"),
    ("cin_manager", "Children in Need Team Manager", "Safeguarding, {}"),
    ("cic_manager_1", "Children in Care Team Manager (Team 1)", "Children in care, {}"),
    ("cic_manager_2", "Children in Care Team Manager (Team 2)", "Children in care, {}"),
    ("leaving_care_manager", "Leaving Care Team Manager", "Care leavers, {}"),
    ("pa_senior", "Senior Personal Adviser", "Care leavers, {}"),
    ("early_help_manager", "Early Help Locality Manager", "Early help, {}"),
    ("early_help_lead", "Family Support Team Leader", "Early help, {}"),
    ("practice_lead", "Practice Lead (Advanced Practitioner)", "Practice development, {}"),
    ("iro_manager", "Child Protection Chair and IRO Team Manager", "Independent reviewing, {}"),
    ("qa_officer", "Quality Assurance Officer", "Quality assurance, {}"),
    ("qa_auditor", "Practice Auditor", "Quality assurance, {}"),
    ("lado", "Local Authority Designated Officer", "Safeguarding unit, {}"),
    ("fostering_manager", "Fostering Team Manager", "Fostering, {}"),
    ("placements_officer", "Placements Officer", "Commissioning, {}"),
    ("participation", "Participation Officer", "Participation, {}"),
    ("performance_analyst", "Performance Analyst", "Performance and intelligence, {}"),
    ("business_support", "Business Support Manager", "Business support, {}"),
    ("disabled_children_manager", "Children with Disabilities Team Manager", "Disabled children, {}"),
    ("youth_justice", "Youth Justice Team Manager", "Youth justice, {}"),
    ("exploitation_lead", "Exploitation and Missing Coordinator", "Adolescent safeguarding, {}"),
    ("domestic_abuse_lead", "Domestic Abuse Practice Lead", "Safeguarding, {}"),
    ("workforce_lead", "Workforce Development Officer", "Workforce development, {}"),
    ("police_di", "Detective Inspector, MASH", "Marlshire Police, {} Division"),
    ("police_ds", "Detective Sergeant, Child Abuse Investigation Team", "Marlshire Police, {} Division"),
    ("police_missing", "Police Sergeant, Missing and Exploitation Team", "Marlshire Police, {} Division"),
    ("health_nurse", "Named Nurse for Safeguarding Children", "Marlshire Community Health NHS Trust, {}"),
    ("health_visiting", "Health Visiting Team Leader", "Marlshire Community Health NHS Trust, {}"),
    ("gp_lead", "Named GP for Safeguarding", "Marlshire Integrated Care Board, {}"),
    ("education_adviser", "Education Safeguarding Adviser", "Education, {}"),
    ("school_dsl", "Chair, Designated Safeguarding Leads' Network", "{} Schools Partnership"),
    ("housing", "Housing Options Manager", "{} Marlshire District Council"),
];

/// A job held once for the whole county: key, title, team.
const COUNTY_WIDE: &[(&str, &str, &str)] = &[
    ("dcs", "Director of Children's Services", "Children's Services"),
    ("ad_safeguarding", "Assistant Director, Safeguarding and Family Help", "Children's Services"),
    ("ad_cic", "Assistant Director, Children in Care and Care Leavers", "Children's Services"),
    ("ad_early_help", "Assistant Director, Early Help and Prevention", "Children's Services"),
    ("ad_quality", "Assistant Director, Quality, Performance and Improvement", "Children's Services"),
    ("psw", "Principal Social Worker", "Practice development"),
    ("head_qa", "Head of Quality Assurance", "Quality assurance"),
    ("commissioning", "Head of Commissioning and Sufficiency", "Commissioning"),
    ("workforce", "Head of Workforce Development", "Workforce development"),
    ("performance", "Head of Performance and Intelligence", "Performance and intelligence"),
    ("virtual_school", "Virtual School Headteacher", "Virtual School"),
    ("lado_manager", "LADO Service Manager", "Safeguarding unit"),
    ("head_fostering", "Head of Fostering", "Fostering"),
    ("head_residential", "Head of Residential Services", "Children's homes"),
    ("head_youth_justice", "Head of Youth Justice", "Youth justice"),
    ("participation_manager", "Participation and Engagement Manager", "Participation"),
    ("edt_manager", "Out-of-Hours Service Manager", "Emergency duty team"),
    ("improvement_manager", "Improvement Programme Manager", "Improvement programme"),
    (
        "partnership_manager",
        "Safeguarding Children Partnership Business Manager",
        "Marlshire Safeguarding Children Partnership",
    ),
    ("head_early_help", "Head of Early Help Services", "Early help"),
    ("head_send", "Head of SEND and Inclusion", "Education"),
    ("head_adoption", "Head of Adoption Services", "Adopt Marlshire"),
    ("head_leaving_care", "Head of Service, Care Leavers", "Care leavers"),
    ("head_systems", "Head of Children's Systems", "Digital services"),
    ("legal", "Principal Solicitor, Children's Legal Services", "Legal services"),
    ("finance", "Finance Business Partner, Children's Services", "Finance"),
    ("hr", "HR Business Partner, Children's Services", "Human resources"),
    ("head_iro", "Head of Independent Reviewing Service", "Independent reviewing"),
    ("police_supt", "Detective Superintendent, Public Protection", "Marlshire Police"),
    ("police_dci", "Detective Chief Inspector, Safeguarding Hub", "Marlshire Police"),
    ("designated_nurse", "Designated Nurse for Safeguarding Children", "Marlshire Integrated Care Board"),
    ("designated_doctor", "Designated Doctor for Safeguarding Children", "Marlshire Integrated Care Board"),
    ("camhs", "Head of Children's Mental Health Services", "Marlshire and Eastvale NHS Foundation Trust"),
    ("hospital_nurse", "Named Nurse for Safeguarding, Marlshire Royal Hospital", "Marlshire Hospitals NHS Trust"),
    ("probation", "Head of Public Protection", "Probation Service, Marlshire"),
    ("director_education", "Director of Education", "Education"),
    ("education_safeguarding", "Head of Education Safeguarding", "Education"),
    ("housing_lead", "Strategic Housing Lead for Care Leavers", "Marlshire Housing Partnership"),
    ("domestic_abuse", "Domestic Abuse Partnership Manager", "Marlshire Community Safety Partnership"),
    ("comms", "Communications Manager, Children's Services", "Communications"),
];

/// County-wide owners who are leaders in Sustain.
const LEADERS: &[&str] =
    &["dcs", "ad_safeguarding", "ad_cic", "ad_early_help", "ad_quality", "psw", "head_qa", "commissioning"];
/// Owners in each locality who are leaders.
const LOCAL_LEADERS: &[&str] = &["hos_front_door"];
/// County-wide owners who are contributors.
const CONTRIBUTORS: &[&str] = &["workforce", "performance", "virtual_school"];
/// Owners in each locality who are contributors.
const LOCAL_CONTRIBUTORS: &[&str] = &["mash_manager", "qa_officer", "lado", "hos_cic", "early_help_manager"];

/// Users who own nothing: who they are, and their role.
const NOT_OWNERS: &[(&str, Role)] = &[
    ("Children's systems administrator", Role::Admin),
    ("Children's systems administrator", Role::Admin),
    ("Digital services support analyst", Role::Admin),
    ("Cllr", Role::Viewer),
    ("Cllr", Role::Viewer),
    ("Cllr", Role::Viewer),
    ("Cllr", Role::Viewer),
    ("Cllr", Role::Viewer),
    ("Cllr", Role::Viewer),
    ("Independent chair of the improvement board", Role::Viewer),
    ("Chief Executive", Role::Viewer),
    ("DfE improvement adviser", Role::Viewer),
    ("Scrutiny officer", Role::Viewer),
    ("Improvement board member", Role::Viewer),
    ("Improvement board member", Role::Viewer),
];

const FIRST: &[&str] = &[
    "Amara", "Ben", "Chloe", "Daniel", "Eleanor", "Farhan", "Grace", "Harry", "Imani", "James", "Kiran", "Laura",
    "Mohammed", "Niamh", "Oliver", "Priya", "Rachel", "Samuel", "Tariq", "Una", "Victoria", "William", "Yasmin", "Zoe",
    "Adam", "Bethany", "Callum", "Deborah", "Ewan", "Fatima", "Gareth", "Hannah", "Ibrahim", "Jessica", "Kwame",
    "Leah", "Marcus", "Nadia", "Owen", "Pauline", "Rhys", "Sophie", "Tom", "Vikram",
];

const LAST: &[&str] = &[
    "Adeyemi",
    "Barker",
    "Chowdhury",
    "Davies",
    "Evans",
    "Fletcher",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Mensah",
    "Nolan",
    "O'Brien",
    "Patel",
    "Quinn",
    "Reid",
    "Singh",
    "Turner",
    "Underwood",
    "Vaughan",
    "Walker",
    "Young",
    "Ahmed",
    "Bell",
    "Campbell",
    "Doyle",
    "Ellis",
    "Foster",
    "Green",
    "Hussain",
    "Ibbotson",
    "Kowalski",
    "Lawrence",
    "Morgan",
    "Novak",
    "Okoro",
    "Price",
    "Robinson",
    "Shah",
    "Thompson",
    "Wright",
];

/// The `n`th person's name (a test checks that every owner's differs).
fn name(n: usize) -> (&'static str, &'static str) {
    (FIRST[n % FIRST.len()], LAST[(n + n / FIRST.len() * 5) % LAST.len()])
}

fn email_part(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase()
}

/// A locality's key word ("north").
pub fn locality_key(locality: &str) -> String {
    locality.to_ascii_lowercase()
}

/// The key of a locality's owner in a job.
pub fn local_owner(locality: &str, job: &str) -> String {
    format!("{}-{job}", locality_key(locality))
}

/// Whether a team is outside the council.
fn is_partner(team: &str) -> bool {
    ["Police", "NHS", "Integrated Care", "Probation", "District Council", "Schools Partnership", "Partnership"]
        .iter()
        .any(|word| team.contains(word))
        && !team.contains("Safeguarding Children Partnership")
}

/// Every owner: each locality's in turn, then the county-wide ones.
pub fn owners() -> Vec<DemoOwner> {
    let jobs = LOCALITIES
        .iter()
        .flat_map(|loc| {
            IN_EACH_LOCALITY
                .iter()
                .map(move |(key, title, team)| (local_owner(loc, key), *title, team.replace("{}", loc)))
        })
        .chain(COUNTY_WIDE.iter().map(|(key, title, team)| (key.to_string(), *title, team.to_string())));
    jobs.enumerate()
        .map(|(n, (key, title, team))| {
            let (first, last) = name(n);
            let police = team.contains("Police");
            let rank = match title.split(',').next().unwrap_or("") {
                _ if !police => "",
                "Detective Inspector" => "DI ",
                "Detective Sergeant" => "DS ",
                "Police Sergeant" => "PS ",
                "Detective Superintendent" => "Det Supt ",
                _ => "DCI ",
            };
            let mailbox = format!("{}.{}", email_part(first), email_part(last));
            let email = match (is_partner(&team), police) {
                (false, _) => Some(format!("{mailbox}@{DOMAIN}")),
                (true, true) => Some(format!("{mailbox}@police.{DOMAIN}")),
                // Some partners give no email: they are reached through the partnership.
                (true, false) => (n % 3 != 0).then(|| format!("{mailbox}@partners.{DOMAIN}")),
            };
            DemoOwner { key, name: format!("{rank}{first} {last}"), job_title: title.to_string(), team, email }
        })
        .collect()
}

/// Every user: the owners who are leaders and contributors, then the
/// administrators and the viewers (councillors, the improvement board).
pub fn users(owners: &[DemoOwner]) -> Vec<DemoUser> {
    let as_user = |key: &str, role| {
        owners.iter().find(|o| o.key == key).map(|o| DemoUser {
            email: o.email.clone().unwrap_or_default(),
            display_name: o.name.clone(),
            role,
            owner_key: Some(o.key.clone()),
        })
    };
    let local = |jobs: &'static [&'static str]| {
        LOCALITIES.iter().flat_map(move |loc| jobs.iter().map(move |job| local_owner(loc, job)))
    };
    let leaders = LEADERS.iter().map(|k| k.to_string()).chain(local(LOCAL_LEADERS)).map(|k| (k, Role::Leader));
    let contributors =
        CONTRIBUTORS.iter().map(|k| k.to_string()).chain(local(LOCAL_CONTRIBUTORS)).map(|k| (k, Role::Contributor));
    let mut users: Vec<DemoUser> = leaders.chain(contributors).filter_map(|(key, role)| as_user(&key, role)).collect();
    for (i, (job, role)) in NOT_OWNERS.iter().enumerate() {
        let (first, last) = name(owners.len() + i);
        let councillor = *job == "Cllr";
        let mailbox = format!("{}{}.{}", if councillor { "cllr." } else { "" }, email_part(first), email_part(last));
        users.push(DemoUser {
            email: format!("{mailbox}@{DOMAIN}"),
            display_name: if councillor { format!("Cllr {first} {last}") } else { format!("{first} {last}") },
            role: *role,
            owner_key: None,
        });
    }
    users
}

/// Whether an owner key names a real owner (themes name jobs, not people).
#[cfg(test)]
pub fn is_job(job: &str) -> bool {
    IN_EACH_LOCALITY.iter().chain(COUNTY_WIDE).any(|(key, _, _)| *key == job)
}

/// The owner key for a job in an area's locality, or the county-wide job.
pub fn owner_for(locality: &str, job: &str) -> String {
    if IN_EACH_LOCALITY.iter().any(|(key, _, _)| *key == job) {
        local_owner(locality, job)
    } else {
        job.to_string()
    }
}

/// The leader who reviews an area's evidence: the locality's head of service
/// for the front door and help and protection, the assistant director for
/// children in care.
pub fn reviewer(locality: &str, children_in_care: bool) -> String {
    if children_in_care {
        "ad_cic".to_string()
    } else {
        local_owner(locality, "hos_front_door")
    }
}
