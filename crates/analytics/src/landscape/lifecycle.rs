//! The technology life cycle: applications against applicants per filing year, and the
//! phase by the rule below (also in docs/navigation.md).
//!
//! Over the last `2 × WINDOW` complete filing years, compare the last `WINDOW` years with
//! the `WINDOW` before: A = applications, P = applicants summed over the years.
//! - emerging (萌芽期): the earlier window has fewer than `EMERGING_BASE` applications and the later more;
//! - growth (发展期): A and P both grew by at least `GROWTH`;
//! - decline (衰退期): A fell by at least `GROWTH`;
//! - mature (成熟期): anything else (applications steady, or rising while applicants stop rising).
//!
//! Not determined when the set is one publication window, or has fewer complete years.

use super::tally::SetTally;
use super::Scope;
use serde::Serialize;
use std::collections::BTreeMap;

pub const WINDOW: u16 = 3;
pub const GROWTH: f64 = 0.2;
pub const EMERGING_BASE: u64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Emerging,
    Growth,
    Mature,
    Decline,
    Undetermined,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Emerging => "emerging",
            Phase::Growth => "growth",
            Phase::Mature => "mature",
            Phase::Decline => "decline",
            Phase::Undetermined => "undetermined",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LifePoint {
    pub year: u16,
    pub applications: u64,
    pub applicants: u64,
    /// All of this year's filings are published (see `PUBLICATION_DELAY_MONTHS`).
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LifeCycle {
    pub points: Vec<LifePoint>,
    pub phase: Phase,
    /// Why the phase is undetermined: `single_publication_window`, `too_few_years`.
    pub reason: Option<&'static str>,
    /// The compared windows' first years, and growth of applications and applicants.
    pub windows: Option<(u16, u16)>,
    pub growth_applications: Option<f64>,
    pub growth_applicants: Option<f64>,
}

/// Which filing years the data covers completely.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub incomplete_from: Option<u16>,
    pub single_window: bool,
}

impl Window {
    pub fn of(scope: &Scope) -> Window {
        Window { incomplete_from: scope.incomplete_from, single_window: scope.single_window }
    }

    pub fn complete(&self, year: u16) -> bool {
        self.incomplete_from.is_none_or(|y| year < y)
    }

    /// The last complete filing year, when the data allows trends at all.
    pub fn last_complete(&self) -> Option<u16> {
        if self.single_window {
            return None;
        }
        self.incomplete_from.map(|y| y - 1)
    }
}

pub fn life_cycle(set: &SetTally, window: Window) -> LifeCycle {
    let mut applicants: BTreeMap<u16, u64> = BTreeMap::new();
    for (y, _) in &set.owner_years {
        *applicants.entry(*y).or_default() += 1;
    }
    let points: Vec<LifePoint> = set
        .filing
        .iter()
        .map(|(&year, &applications)| LifePoint {
            year,
            applications,
            applicants: applicants.get(&year).copied().unwrap_or(0),
            complete: window.complete(year),
        })
        .collect();
    let undetermined = |reason| LifeCycle {
        points: points.clone(),
        phase: Phase::Undetermined,
        reason: Some(reason),
        windows: None,
        growth_applications: None,
        growth_applicants: None,
    };
    if window.single_window {
        return undetermined("single_publication_window");
    }
    let Some(last) = window.last_complete().or_else(|| points.last().map(|p| p.year)) else {
        return undetermined("too_few_years");
    };
    let first_year = points.first().map_or(last, |p| p.year);
    if last < first_year + 2 * WINDOW - 1 {
        return undetermined("too_few_years");
    }
    let (early, late) = (last + 1 - 2 * WINDOW, last + 1 - WINDOW);
    let sum = |from: u16, get: &dyn Fn(&LifePoint) -> u64| -> u64 {
        points.iter().filter(|p| (from..from + WINDOW).contains(&p.year)).map(get).sum()
    };
    let (a0, a1) = (sum(early, &|p| p.applications), sum(late, &|p| p.applications));
    let (p0, p1) = (sum(early, &|p| p.applicants), sum(late, &|p| p.applicants));
    let growth = |from: u64, to: u64| (from > 0).then(|| to as f64 / from as f64 - 1.0);
    let (ga, gp) = (growth(a0, a1), growth(p0, p1));
    LifeCycle {
        phase: phase(a0, a1, ga, gp),
        points,
        reason: None,
        windows: Some((early, late)),
        growth_applications: ga,
        growth_applicants: gp,
    }
}

fn phase(a0: u64, a1: u64, ga: Option<f64>, gp: Option<f64>) -> Phase {
    if a0 < EMERGING_BASE && a1 > a0 {
        return Phase::Emerging;
    }
    match (ga, gp) {
        (Some(a), Some(p)) if a >= GROWTH && p >= GROWTH => Phase::Growth,
        (Some(a), _) if a <= -GROWTH => Phase::Decline,
        _ => Phase::Mature,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_by_rule() {
        assert_eq!(phase(5, 40, Some(7.0), Some(3.0)), Phase::Emerging);
        assert_eq!(phase(100, 150, Some(0.5), Some(0.3)), Phase::Growth);
        assert_eq!(phase(100, 150, Some(0.5), Some(0.0)), Phase::Mature);
        assert_eq!(phase(100, 105, Some(0.05), Some(-0.1)), Phase::Mature);
        assert_eq!(phase(100, 70, Some(-0.3), Some(-0.3)), Phase::Decline);
    }
}
