//! The time axis of a picture: run time mapped to x, with long quiet stretches (a 2-second
//! sleep while nothing else happens) squeezed to a narrow break, so the moments where
//! processes interact get the width. The break is drawn and labelled with the time it hides.

use serde::Serialize;

/// A stretch of the axis: run times `t0..t1` drawn over `x0..x1`; `gap` for a squeezed one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Piece {
    pub t0: u64,
    pub t1: u64,
    pub x0: f64,
    pub x1: f64,
    pub gap: bool,
}

/// The whole axis, left to right.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Axis {
    pub pieces: Vec<Piece>,
}

/// The width a squeezed stretch takes.
const GAP_W: f64 = 26.0;
/// A quiet stretch longer than this share of the window is squeezed.
const QUIET_SHARE: f64 = 0.12;

impl Axis {
    /// An axis from `t0` to `t1` over `x0..x0 + width`, squeezing the quiet stretches between
    /// the sorted `busy` times (the moments something visible happened).
    pub fn new(t0: u64, t1: u64, x0: f64, width: f64, busy: &[u64]) -> Axis {
        let span = t1.saturating_sub(t0).max(1);
        let quiet = (span as f64 * QUIET_SHARE) as u64;
        let mut times: Vec<u64> = busy.iter().copied().filter(|t| (t0..=t1).contains(t)).collect();
        times.push(t0);
        times.push(t1);
        times.sort_unstable();
        times.dedup();
        let gaps: Vec<(u64, u64)> = times.windows(2).filter(|w| w[1] - w[0] > quiet).map(|w| (w[0], w[1])).collect();
        let hidden: u64 = gaps.iter().map(|(a, b)| b - a).sum();
        let shown = (span - hidden).max(1) as f64;
        let per_ns = (width - GAP_W * gaps.len() as f64).max(width * 0.2) / shown;
        let mut pieces = Vec::new();
        let (mut t, mut x) = (t0, x0);
        for (a, b) in gaps.iter().copied().chain(std::iter::once((t1, t1))) {
            if a > t || (a == t1 && pieces.is_empty()) {
                let w = (a - t) as f64 * per_ns;
                pieces.push(Piece { t0: t, t1: a, x0: x, x1: x + w, gap: false });
                x += w;
            }
            if b > a {
                pieces.push(Piece { t0: a, t1: b, x0: x, x1: x + GAP_W, gap: true });
                x += GAP_W;
            }
            t = b;
        }
        Axis { pieces }
    }

    /// The x of run time `t` (clamped to the axis).
    pub fn x(&self, t: u64) -> f64 {
        let Some(first) = self.pieces.first() else { return 0.0 };
        if t <= first.t0 {
            return first.x0;
        }
        for p in &self.pieces {
            if t <= p.t1 {
                let share = (t - p.t0) as f64 / (p.t1 - p.t0).max(1) as f64;
                return p.x0 + share * (p.x1 - p.x0);
            }
        }
        self.pieces.last().map_or(0.0, |p| p.x1)
    }

    /// The time shown without squeezing, for choosing tick steps.
    pub fn shown_ns(&self) -> u64 {
        self.pieces.iter().filter(|p| !p.gap).map(|p| p.t1 - p.t0).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_quiet_stretch_is_squeezed_and_times_keep_their_order() {
        let ms = 1_000_000;
        let axis = Axis::new(0, 2000 * ms, 0.0, 1000.0, &[10 * ms, 20 * ms, 1990 * ms]);
        assert!(axis.pieces.iter().any(|p| p.gap && p.t0 == 20 * ms && p.t1 == 1990 * ms), "{axis:?}");
        let xs: Vec<f64> = [0, 10, 20, 500, 1990, 2000].iter().map(|t| axis.x(t * ms)).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{xs:?}");
        assert!((axis.x(2000 * ms) - 1000.0).abs() < 1e-6, "{xs:?}");
        // The 20 ms of action get most of the width, not 1 % of it.
        assert!(axis.x(20 * ms) > 300.0, "{xs:?}");
    }

    #[test]
    fn a_busy_run_is_drawn_to_scale() {
        let busy: Vec<u64> = (0..=100).map(|i| i * 10).collect();
        let axis = Axis::new(0, 1000, 0.0, 500.0, &busy);
        assert_eq!(axis.pieces.len(), 1);
        assert!((axis.x(500) - 250.0).abs() < 1e-6);
    }
}
