//! The numbers: NPS with its margin of error, CSAT with its Wilson interval, CES, means, and
//! the change between two sets of answers. Everything is computed from a [`Tally`], the count
//! of each answer value, so the same code serves the whole survey, each group and each period.

use serde::Serialize;

use crate::survey::params::{Question, Scale};
use crate::survey::value::NpsGroup;
use crate::text::Texts;

/// The 95 % normal quantile used by every margin and interval.
pub(crate) const Z95: f64 = 1.96;

/// Below this many answers a figure is flagged as a small sample.
pub(crate) const SMALL_SAMPLE: u64 = 30;

/// How many times each answer value was given to one question.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tally {
    scale: Scale,
    counts: Vec<u64>,
}

impl Tally {
    pub fn new(scale: Scale) -> Tally {
        Tally {
            scale,
            counts: vec![0; scale.points() as usize],
        }
    }

    /// Counts one answer; values outside the scale never reach a tally (the reader rejects
    /// them), and are ignored here.
    pub fn add(&mut self, value: u8) {
        if let Some(count) = value
            .checked_sub(self.scale.min)
            .and_then(|offset| self.counts.get_mut(usize::from(offset)))
        {
            *count += 1;
        }
    }

    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Answers within `range`.
    pub fn count_in(&self, range: Scale) -> u64 {
        self.values()
            .filter(|&(value, _)| range.contains(value))
            .map(|(_, count)| count)
            .sum()
    }

    fn values(&self) -> impl Iterator<Item = (u8, u64)> + '_ {
        (self.scale.min..=self.scale.max).zip(self.counts.iter().copied())
    }

    /// The mean answer, and the 95 % margin of error of the mean (1.96 · s / √n with the
    /// sample standard deviation s, from n ≥ 2 answers).
    fn mean(&self) -> (Option<f64>, Option<f64>) {
        let n = self.n();
        if n == 0 {
            return (None, None);
        }
        let sum: u64 = self.values().map(|(v, c)| u64::from(v) * c).sum();
        let mean = sum as f64 / n as f64;
        let margin = (n >= 2).then(|| {
            let squares: f64 = self
                .values()
                .map(|(v, c)| c as f64 * (f64::from(v) - mean).powi(2))
                .sum();
            Z95 * (squares / (n - 1) as f64).sqrt() / (n as f64).sqrt()
        });
        (Some(mean), margin)
    }
}

/// The promoter, passive and detractor boxes of an NPS scale.
///
/// On 0–10 (and 1–10) the standard boxes: promoters 9–10, passives 7–8, detractors the rest
/// (0–6, or 1–6). On any other scale: promoters are the top two values, passives the value
/// below them, detractors the rest, e.g. 6–7 / 5 / 1–4 on 1–7.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NpsBoxes {
    /// Answers that count as promoters.
    pub promoters: Scale,
    /// Answers that count as passives.
    pub passives: Scale,
    /// Answers that count as detractors.
    pub detractors: Scale,
}

impl NpsBoxes {
    pub(crate) fn of(scale: Scale) -> NpsBoxes {
        let Scale { min, max } = scale;
        if max == 10 && min <= 1 {
            return NpsBoxes {
                promoters: Scale::new(9, 10),
                passives: Scale::new(7, 8),
                detractors: Scale::new(min, 6),
            };
        }
        NpsBoxes {
            promoters: Scale::new(max - 1, max),
            passives: Scale::new(max - 2, max - 2),
            detractors: Scale::new(min, max - 3),
        }
    }
}

impl NpsBoxes {
    /// The box an answer on the scale falls in.
    pub(crate) fn group(self, answer: u8) -> NpsGroup {
        if self.promoters.contains(answer) {
            NpsGroup::Promoter
        } else if self.passives.contains(answer) {
            NpsGroup::Passive
        } else {
            NpsGroup::Detractor
        }
    }
}

/// The top box that counts as satisfied for CSAT: the top two values (4–5 on 1–5, 6–7 on 1–7).
pub(crate) fn csat_top_box(scale: Scale) -> Scale {
    Scale::new(scale.max - 1, scale.max)
}

/// The box that counts as easy for CES: the values above the scale's midpoint (5–7 on 1–7,
/// 4–5 on 1–5).
pub(crate) fn ces_easy_box(scale: Scale) -> Scale {
    let above_midpoint = (u16::from(scale.min) + u16::from(scale.max)) / 2 + 1;
    Scale::new(u8::try_from(above_midpoint).unwrap_or(scale.max), scale.max)
}

/// NPS figures of a set of answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NpsFigures {
    /// Answers counted.
    pub n: u64,
    /// Answers in the promoter box.
    pub promoters: u64,
    /// Answers in the passive box.
    pub passives: u64,
    /// Answers in the detractor box.
    pub detractors: u64,
    /// 100 × (promoters − detractors) / n, from −100 to 100; `None` without answers.
    pub score: Option<f64>,
    /// 95 % margin of error of the score, 1.96 · 100 · √(((p + d) − (p − d)²) / n).
    pub margin_of_error: Option<f64>,
    /// The adjusted-Wald 95 % interval of the score (Rocks 2016), which stays honest where the
    /// margin cannot: 3 answers are added, ¾ a promoter and ¾ a detractor, so that a few
    /// answers all in one box still get a wide interval rather than none.
    pub interval: Option<Interval>,
    /// Fewer than 30 answers: the margin is unreliable.
    pub small_sample: bool,
}

impl NpsFigures {
    pub(crate) fn of(tally: &Tally, boxes: NpsBoxes) -> NpsFigures {
        let n = tally.n();
        let promoters = tally.count_in(boxes.promoters);
        let detractors = tally.count_in(boxes.detractors);
        let net = promoters as f64 - detractors as f64;
        NpsFigures {
            n,
            promoters,
            passives: tally.count_in(boxes.passives),
            detractors,
            score: (n > 0).then(|| 100.0 * net / n as f64),
            margin_of_error: (n > 0).then(|| {
                let variance = nps_variance(promoters, detractors, n);
                100.0 * Z95 * (variance / n as f64).sqrt()
            }),
            interval: (n > 0).then(|| adjusted_wald(promoters, detractors, n)),
            small_sample: n < SMALL_SAMPLE,
        }
    }
}

/// The variance of one answer scored +1 (promoter), 0 (passive) or −1 (detractor):
/// (p + d) − (p − d)².
fn nps_variance(promoters: u64, detractors: u64, n: u64) -> f64 {
    shares_variance(promoters as f64 / n as f64, detractors as f64 / n as f64)
}

/// (p + d) − (p − d)² for promoter share `p` and detractor share `d`.
fn shares_variance(p: f64, d: f64) -> f64 {
    ((p + d) - (p - d).powi(2)).max(0.0)
}

/// The adjusted-Wald 95 % interval of an NPS, in points: with n' = n + 3, p' = (promoters + ¾)
/// / n' and d' = (detractors + ¾) / n', 100 · (p' − d' ± 1.96 · √(((p' + d') − (p' − d')²) /
/// n')), kept within −100 to 100.
fn adjusted_wald(promoters: u64, detractors: u64, n: u64) -> Interval {
    let n = n as f64 + 3.0;
    let p = (promoters as f64 + 0.75) / n;
    let d = (detractors as f64 + 0.75) / n;
    let half = Z95 * (shares_variance(p, d) / n).sqrt();
    Interval {
        low: (100.0 * (p - d - half)).max(-100.0),
        high: (100.0 * (p - d + half)).min(100.0),
    }
}

/// CSAT figures of a set of answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsatFigures {
    /// Answers counted.
    pub n: u64,
    /// Answers in the top box.
    pub satisfied: u64,
    /// 100 × satisfied / n, in percent; `None` without answers.
    pub score: Option<f64>,
    /// The Wilson 95% interval of the score, in percent.
    pub interval: Option<Interval>,
    /// The mean answer.
    pub mean: Option<f64>,
    /// 95 % margin of error of the mean, 1.96 · s / √n (from 2 answers).
    pub mean_margin_of_error: Option<f64>,
    /// Fewer than 30 answers.
    pub small_sample: bool,
}

impl CsatFigures {
    pub(crate) fn of(tally: &Tally, top_box: Scale) -> CsatFigures {
        let n = tally.n();
        let satisfied = tally.count_in(top_box);
        let (mean, mean_margin_of_error) = tally.mean();
        CsatFigures {
            n,
            satisfied,
            score: percent(satisfied, n),
            interval: wilson(satisfied, n),
            mean,
            mean_margin_of_error,
            small_sample: n < SMALL_SAMPLE,
        }
    }
}

/// CES figures of a set of answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CesFigures {
    /// Answers counted.
    pub n: u64,
    /// The mean answer; higher means less effort.
    pub mean: Option<f64>,
    /// 95 % margin of error of the mean, 1.96 · s / √n (from 2 answers).
    pub mean_margin_of_error: Option<f64>,
    /// Answers in the easy box.
    pub easy: u64,
    /// 100 × easy / n, in percent.
    pub easy_share: Option<f64>,
    /// Fewer than 30 answers.
    pub small_sample: bool,
}

impl CesFigures {
    pub(crate) fn of(tally: &Tally, easy_box: Scale) -> CesFigures {
        let n = tally.n();
        let easy = tally.count_in(easy_box);
        let (mean, mean_margin_of_error) = tally.mean();
        CesFigures {
            n,
            mean,
            mean_margin_of_error,
            easy,
            easy_share: percent(easy, n),
            small_sample: n < SMALL_SAMPLE,
        }
    }
}

/// A confidence interval, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// 100 × part / n, computed as one division so that it matches a hand calculation exactly.
fn percent(part: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| (100 * part) as f64 / n as f64)
}

/// The Wilson score 95 % interval of `k` successes in `n`, in percent:
/// (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
fn wilson(k: u64, n: u64) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some(Interval {
        low: 100.0 * (centre - half).max(0.0),
        high: 100.0 * (centre + half).min(1.0),
    })
}

/// How many answers a question's figures are of.
pub(crate) trait Answered {
    fn answers(&self) -> u64;
}

macro_rules! answered {
    ($($figures:ty),*) => {$(
        impl Answered for $figures {
            fn answers(&self) -> u64 {
                self.n
            }
        }
    )*};
}

answered!(NpsFigures, CsatFigures, CesFigures);

/// The change of a figure between two sets of answers and the 95 % margin of error of that
/// change: 1.96 · √(se₁² + se₂²), with each side's standard error.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Later figure − earlier figure.
    pub change: f64,
    /// 95 % margin of error of the change.
    pub margin_of_error: f64,
    /// |change| > marginOfError: the change is larger than chance would easily explain.
    pub exceeds_margin: bool,
}

impl Change {
    fn of(earlier: (f64, f64), later: (f64, f64)) -> Change {
        let change = later.0 - earlier.0;
        let margin_of_error = Z95 * (earlier.1.powi(2) + later.1.powi(2)).sqrt();
        Change {
            change,
            margin_of_error,
            exceeds_margin: change.abs() > margin_of_error,
        }
    }

    /// The change of the NPS score; the standard error is 100 · √(((p + d) − (p − d)²) / n).
    pub(crate) fn nps(earlier: &NpsFigures, later: &NpsFigures) -> Option<Change> {
        let side = |f: &NpsFigures| {
            let variance = nps_variance(f.promoters, f.detractors, f.n);
            Some((f.score?, 100.0 * (variance / f.n as f64).sqrt()))
        };
        Some(Change::of(side(earlier)?, side(later)?))
    }

    /// The change of the CSAT score in percentage points; the standard error is
    /// 100 · √(p(1 − p) / n).
    pub(crate) fn csat(earlier: &CsatFigures, later: &CsatFigures) -> Option<Change> {
        let side = |f: &CsatFigures| {
            let p = f.score? / 100.0;
            Some((f.score?, 100.0 * (p * (1.0 - p) / f.n as f64).sqrt()))
        };
        Some(Change::of(side(earlier)?, side(later)?))
    }

    /// The change of the CES mean; the standard error is s / √n (from 2 answers).
    pub(crate) fn ces(earlier: &CesFigures, later: &CesFigures) -> Option<Change> {
        let side = |f: &CesFigures| Some((f.mean?, f.mean_margin_of_error? / Z95));
        Some(Change::of(side(earlier)?, side(later)?))
    }
}

/// How a question's figures are defined, stated next to them in the report.
pub(crate) fn formula(question: Question, scale: Scale) -> Texts {
    match question {
        Question::Nps => {
            let boxes = NpsBoxes::of(scale);
            let (p, s, d) = (boxes.promoters, boxes.passives, boxes.detractors);
            Texts::new(
                format!(
                    "NPS = 100 × (promoters − detractors) / n on the {scale} scale: promoters {p}, passives {s}, detractors {d}. 95% margin of error = 1.96 · 100 · √(((p + d) − (p − d)²) / n), p and d the promoter and detractor shares; flagged below 30 answers. 95% interval: the same with 3 answers added, ¾ a promoter and ¾ a detractor (adjusted Wald, Rocks 2016), within −100 to 100."
                ),
                format!(
                    "净推荐值 NPS = 100 × (推荐者 − 贬损者) / 回答数，量表 {scale}：推荐者 {p}，被动者 {s}，贬损者 {d}。95% 误差范围 = 1.96 · 100 · √(((p + d) − (p − d)²) / n)，p、d 为推荐者与贬损者占比；少于 30 个回答时标注。95% 置信区间：同一公式，另加 3 个回答（推荐者、贬损者各 ¾ 个；调整 Wald 法，Rocks 2016），限于 −100 至 100。"
                ),
            )
        }
        Question::Csat => {
            let top = csat_top_box(scale);
            Texts::new(
                format!(
                    "CSAT = 100 × answers {top} / n on the {scale} scale (top-two-box), with the Wilson 95% interval (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z = 1.96; mean = sum of answers / n, ± 1.96 · s / √n."
                ),
                format!(
                    "客户满意度 CSAT = 100 × 回答 {top} 的数量 / 回答数，量表 {scale}（前两档），Wilson 95% 置信区间 (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)，z = 1.96；均值 = 回答之和 / 回答数，± 1.96 · s / √n。"
                ),
            )
        }
        Question::Ces => {
            let easy = ces_easy_box(scale);
            Texts::new(
                format!(
                    "CES mean = sum of answers / n on the {scale} scale (higher = easier), ± 1.96 · s / √n; easy share = 100 × answers {easy} / n."
                ),
                format!(
                    "客户费力度 CES 均值 = 回答之和 / 回答数，量表 {scale}（越高越省力），± 1.96 · s / √n；省力占比 = 100 × 回答 {easy} 的数量 / 回答数。"
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(scale: Scale, answers: &[u8]) -> Tally {
        let mut tally = Tally::new(scale);
        for &answer in answers {
            tally.add(answer);
        }
        tally
    }

    fn close(actual: Option<f64>, expected: f64) -> bool {
        actual.is_some_and(|actual| (actual - expected).abs() < 1e-9)
    }

    const NPS_0_10: Scale = Scale::new(0, 10);

    /// (answers, promoters, passives, detractors, score, margin of error).
    type NpsCase = (&'static [u8], u64, u64, u64, f64, f64);

    /// Each margin worked
    /// out by hand from 1.96 · 100 · √(((p + d) − (p − d)²) / n).
    #[test]
    fn nps_hand_computed() {
        let cases: [NpsCase; 6] = [
            // p = 0.5, d = 0.3: (0.8 − 0.04) / 10 = 0.076, √0.076 = 0.275680975…,
            // × 196 = 54.033471108…
            (
                &[10, 10, 9, 9, 9, 8, 7, 6, 3, 0],
                5,
                2,
                3,
                20.0,
                54.033_471_108_193_67,
            ),
            // All promoters: p = 1, d = 0, variance 1 − 1 = 0.
            (&[9, 10, 10], 3, 0, 0, 100.0, 0.0),
            // All detractors: variance 1 − 1 = 0.
            (&[0, 6, 3, 5], 0, 0, 4, -100.0, 0.0),
            // n = 1, a passive: score 0, variance 0.
            (&[7], 0, 1, 0, 0.0, 0.0),
            // One promoter and one detractor: p = d = 0.5, variance 1, √(1/2) × 196 =
            // 138.592929…
            (&[10, 0], 1, 0, 1, 0.0, 138.592_929_112_563_33),
            // p = 0.25, d = 0.5 of 4: (0.75 − 0.0625) / 4 = 0.171875, √ = 0.414578098…,
            // × 196 = 81.257307363…
            (&[9, 8, 2, 6], 1, 1, 2, -25.0, 81.257_307_363_707_3),
        ];
        for (answers, promoters, passives, detractors, score, margin) in cases {
            let figures = NpsFigures::of(&tally(NPS_0_10, answers), NpsBoxes::of(NPS_0_10));
            assert_eq!(
                (figures.promoters, figures.passives, figures.detractors),
                (promoters, passives, detractors),
                "{answers:?}"
            );
            assert!(close(figures.score, score), "{answers:?}: {figures:?}");
            assert!(
                close(figures.margin_of_error, margin),
                "{answers:?}: {figures:?}"
            );
            assert!(figures.small_sample);
        }
    }

    /// Each interval worked out by hand (40 digits) from n' = n + 3, p' = (promoters + ¾) / n',
    /// d' = (detractors + ¾) / n', 100 · (p' − d' ± 1.96 · √(((p' + d') − (p' − d')²) / n')).
    #[test]
    fn nps_adjusted_wald_hand_computed() {
        let cases: [(&[u8], f64, f64); 5] = [
            // p' = 5.75/13, d' = 3.75/13, variance 0.707100591…, half 0.457114…
            (
                &[10, 10, 9, 9, 9, 8, 7, 6, 3, 0],
                -30.326_834_394_120_785,
                61.096_065_163_351_55,
            ),
            // All promoters, where the margin is 0: p' = 0.625, d' = 0.125, variance 0.5,
            // 100 · (0.5 ± 1.96 √(0.5/6)) = −6.58… to 106.58…, kept within 100.
            (&[9, 10, 10], -6.580_326_380_583_325, 100.0),
            // All detractors: p' = 0.75/7, d' = 4.75/7: −107.34… (kept at −100) to −6.94….
            (&[0, 6, 3, 5], -100.0, -6.943_255_550_812_61),
            // One passive: p' = d' = 0.1875, variance 0.375, ± 196 √(0.375/4).
            (&[7], -60.012_498_698_187_86, 60.012_498_698_187_86),
            // p' = 0.25, d' = 2.75/7 of 4 answers.
            (&[9, 8, 2, 6], -72.732_271_070_524_12, 44.160_842_499_095_54),
        ];
        for (answers, low, high) in cases {
            let figures = NpsFigures::of(&tally(NPS_0_10, answers), NpsBoxes::of(NPS_0_10));
            let interval = figures.interval.expect("answers give an interval");
            assert!(close(Some(interval.low), low), "{answers:?}: {interval:?}");
            assert!(
                close(Some(interval.high), high),
                "{answers:?}: {interval:?}"
            );
        }
    }

    #[test]
    fn nps_without_answers_has_no_score() {
        let figures = NpsFigures::of(&Tally::new(NPS_0_10), NpsBoxes::of(NPS_0_10));
        assert_eq!(
            (
                figures.n,
                figures.score,
                figures.margin_of_error,
                figures.interval
            ),
            (0, None, None, None)
        );
    }

    #[test]
    fn nps_boxes_per_scale() {
        let boxes = |min, max| {
            let b = NpsBoxes::of(Scale::new(min, max));
            (
                b.promoters.to_string(),
                b.passives.to_string(),
                b.detractors.to_string(),
            )
        };
        let owned = |p: &str, s: &str, d: &str| (p.to_string(), s.to_string(), d.to_string());
        assert_eq!(boxes(0, 10), owned("9–10", "7–8", "0–6"));
        assert_eq!(boxes(1, 10), owned("9–10", "7–8", "1–6"));
        assert_eq!(boxes(1, 7), owned("6–7", "5", "1–4"));
        assert_eq!(boxes(1, 5), owned("4–5", "3", "1–2"));
        assert_eq!(boxes(0, 3), owned("2–3", "1", "0"));
    }

    #[test]
    fn top_and_easy_boxes_per_scale() {
        let cases = [
            ((1, 5), "4–5", "4–5"),
            ((1, 7), "6–7", "5–7"),
            ((1, 10), "9–10", "6–10"),
            ((0, 10), "9–10", "6–10"),
        ];
        for ((min, max), top, easy) in cases {
            let scale = Scale::new(min, max);
            assert_eq!(csat_top_box(scale).to_string(), top);
            assert_eq!(ces_easy_box(scale).to_string(), easy);
        }
    }

    #[test]
    fn csat_wilson_interval_hand_computed() {
        // 5 of 8 in 4–5. p̂ = 0.625, z² = 3.8416, 1 + z²/8 = 1.4802,
        // centre = (0.625 + 0.2401) / 1.4802 = 0.584448…,
        // half = 1.96 √(0.625 · 0.375 / 8 + 3.8416 / 256) / 1.4802 = 0.278710…
        let figures = CsatFigures::of(
            &tally(Scale::new(1, 5), &[5, 5, 4, 4, 4, 3, 2, 1]),
            Scale::new(4, 5),
        );
        assert_eq!((figures.n, figures.satisfied), (8, 5));
        assert!(close(figures.score, 62.5));
        let interval = figures.interval.unwrap();
        assert!((interval.low - 30.573_785_458).abs() < 1e-6, "{interval:?}");
        assert!(
            (interval.high - 86.315_824_054).abs() < 1e-6,
            "{interval:?}"
        );
        // Mean 28 / 8 = 3.5; squares 2.25·2 + 0.25·3 + 0.25 + 2.25 + 6.25 = 14, s² = 2,
        // margin 1.96 √2 / √8 = 0.98.
        assert!(close(figures.mean, 3.5));
        assert!(close(figures.mean_margin_of_error, 0.98));
    }

    #[test]
    fn csat_all_satisfied_and_single_answer() {
        // k = n = 1: centre = (1 + 1.9208) / 4.8416, half = 1.96 √(0.9604) / 4.8416; the upper
        // bound is 100 and the lower 100 · (2.9208 − 1.9208) / 4.8416 = 20.654329…
        let figures = CsatFigures::of(&tally(Scale::new(1, 5), &[5]), Scale::new(4, 5));
        let interval = figures.interval.unwrap();
        assert!((interval.low - 20.654_329_146).abs() < 1e-6, "{interval:?}");
        assert!((interval.high - 100.0).abs() < 1e-9);
        assert_eq!(figures.mean_margin_of_error, None);
        let empty = CsatFigures::of(&Tally::new(Scale::new(1, 5)), Scale::new(4, 5));
        assert_eq!(
            (empty.score, empty.interval, empty.mean),
            (None, None, None)
        );
    }

    #[test]
    fn ces_mean_and_easy_share() {
        let figures = CesFigures::of(&tally(Scale::new(1, 7), &[7, 5, 4, 2]), Scale::new(5, 7));
        assert!(close(figures.mean, 4.5));
        assert_eq!(figures.easy, 2);
        assert!(close(figures.easy_share, 50.0));
    }

    #[test]
    fn changes_against_their_margins() {
        let boxes = NpsBoxes::of(NPS_0_10);
        // 10 promoters of 10, then 10 detractors of 10: both variances 0, so any change
        // exceeds a zero margin.
        let before = NpsFigures::of(&tally(NPS_0_10, &[10; 10]), boxes);
        let after = NpsFigures::of(&tally(NPS_0_10, &[0; 10]), boxes);
        let change = Change::nps(&before, &after).unwrap();
        assert_eq!(
            (change.change, change.margin_of_error, change.exceeds_margin),
            (-200.0, 0.0, true)
        );
        // [10, 0] then [9, 0]: scores 0 and 0, each se = 100 √(1/2), margin 1.96 · 100.
        let a = NpsFigures::of(&tally(NPS_0_10, &[10, 0]), boxes);
        let b = NpsFigures::of(&tally(NPS_0_10, &[9, 0]), boxes);
        let change = Change::nps(&a, &b).unwrap();
        assert!((change.margin_of_error - 196.0).abs() < 1e-9);
        assert!(!change.exceeds_margin);
        let none = NpsFigures::of(&Tally::new(NPS_0_10), boxes);
        assert_eq!(Change::nps(&none, &a), None);

        // CSAT 1 of 2 then 2 of 2: se 100 √(0.25/2) and 0, margin 1.96 · 35.355339… = 69.296…
        let top = Scale::new(4, 5);
        let c1 = CsatFigures::of(&tally(Scale::new(1, 5), &[5, 1]), top);
        let c2 = CsatFigures::of(&tally(Scale::new(1, 5), &[5, 4]), top);
        let change = Change::csat(&c1, &c2).unwrap();
        assert!((change.change - 50.0).abs() < 1e-9);
        assert!((change.margin_of_error - 69.296_464_556).abs() < 1e-6);
        assert!(!change.exceeds_margin);
    }
}
