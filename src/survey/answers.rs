//! Reading one answer: a number on the question's scale, as written or before its label
//! (`10 - Extremely likely`), or a satisfaction or agreement label (`Very satisfied`,
//! `非常满意`, `Strongly agree`).

use crate::number::parse_number;
use crate::survey::comments::is_han;
use crate::survey::params::{Question, Scale};

/// The answer `text` on `scale`, if it is one, higher being better; `reversed` when the file's
/// numbers run from best to worst.
///
/// Survey tools export a labelled point either as its number with the label after it
/// (`10 - Extremely likely`, `5 = Very satisfied`, `5、非常满意`) or as the label alone: a
/// satisfaction question on five points, and an effort question on seven, asked as agreement
/// that dealing with the company was easy. A label alone says what it means, so it is never
/// turned around.
pub(crate) fn answer_value(
    question: Question,
    scale: Scale,
    reversed: bool,
    text: &str,
) -> Option<u8> {
    let labels: &[&[&str]] = match (question, scale.min, scale.max) {
        (Question::Csat, 1, 5) => &SATISFACTION_LABELS,
        (Question::Ces, 1, 7) => &AGREEMENT_LABELS,
        _ => &[],
    };
    let on_scale = |value: f64| {
        value.fract() == 0.0 && value >= f64::from(scale.min) && value <= f64::from(scale.max)
    };
    if let Some(number) = parse_number(text).or_else(|| labelled_number(text)) {
        let number = on_scale(number).then_some(number as u8)?;
        return Some(if reversed {
            scale.min + scale.max - number
        } else {
            number
        });
    }
    point_of_label(labels, text)
}

/// `text` as a whole number above `scale`, as written or before its label, up to 10: the top of
/// the widest scale (1–10) a question is asked on, so that codes such as 99 for "don't know"
/// are not taken for answers on one.
pub(crate) fn number_above(scale: Scale, text: &str) -> Option<u8> {
    let number = parse_number(text).or_else(|| labelled_number(text))?;
    let above = number.fract() == 0.0 && number > f64::from(scale.max) && number <= 10.0;
    above.then_some(number as u8)
}

/// What may stand between a number and its label, besides spaces.
const LABEL_SEPARATORS: [char; 10] = ['-', '–', '—', '=', ':', '：', '(', '（', '.', '、'];

/// The number before a label: one or two digits, then a separator and words, or a Chinese
/// unit or label right after the digits (`10分`, `5星`), as Chinese is written without spaces.
fn labelled_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let after = &text[digits..];
    let label =
        after.trim_start_matches(|c: char| c.is_whitespace() || LABEL_SEPARATORS.contains(&c));
    let separated = label.len() < after.len();
    let labelled =
        label.starts_with(char::is_alphabetic) && (separated || label.starts_with(is_han));
    labelled.then(|| text[..digits].parse().ok()).flatten()
}

/// The five points of a satisfaction question, from very dissatisfied (1) to very satisfied
/// (5), as English and Chinese survey tools label them; lower case.
const SATISFACTION_LABELS: [&[&str]; 5] = [
    &[
        "very dissatisfied",
        "extremely dissatisfied",
        "very unsatisfied",
        "非常不满意",
        "很不满意",
        "十分不满意",
    ],
    &[
        "dissatisfied",
        "somewhat dissatisfied",
        "unsatisfied",
        "不满意",
        "比较不满意",
        "不太满意",
        "较不满意",
    ],
    &[
        "neutral",
        "neither satisfied nor dissatisfied",
        "一般",
        "中立",
    ],
    &[
        "satisfied",
        "somewhat satisfied",
        "满意",
        "比较满意",
        "较满意",
    ],
    &[
        "very satisfied",
        "extremely satisfied",
        "非常满意",
        "很满意",
        "十分满意",
    ],
];

/// The seven points of agreement, from strongly disagree (1) to strongly agree (7); lower case.
const AGREEMENT_LABELS: [&[&str]; 7] = [
    &["strongly disagree", "非常不同意", "完全不同意"],
    &["disagree", "不同意"],
    &[
        "somewhat disagree",
        "slightly disagree",
        "有点不同意",
        "比较不同意",
    ],
    &["neither agree nor disagree", "neutral", "一般", "中立"],
    &["somewhat agree", "slightly agree", "有点同意", "比较同意"],
    &["agree", "同意"],
    &["strongly agree", "非常同意", "完全同意"],
];

/// The point (1 for the first) whose labels hold `text`, ignoring case.
fn point_of_label(labels: &[&[&str]], text: &str) -> Option<u8> {
    let label = text.trim().to_lowercase();
    let index = labels
        .iter()
        .position(|labels| labels.contains(&label.as_str()))?;
    u8::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NPS: Scale = Scale::new(0, 10);
    const CSAT: Scale = Scale::new(1, 5);

    #[test]
    fn numbers_with_and_without_labels() {
        let cases = [
            ("9", Some(9)),
            (" 10 ", Some(10)),
            ("10 - Extremely likely", Some(10)),
            ("0 – Not at all likely", Some(0)),
            ("7 (Somewhat likely)", Some(7)),
            ("10=极有可能", Some(10)),
            ("10、极有可能", Some(10)),
            // Chinese runs the unit 分 (points) on, with a space or without.
            ("10分", Some(10)),
            ("10 分", Some(10)),
            ("6分", Some(6)),
            ("9分 - 非常可能", Some(9)),
            ("11分", None),
            ("11 - Off the scale", None),
            ("7.5", None),
            ("7/10", None),
            ("7 10", None),
            ("10x", None),
            ("Extremely likely", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                answer_value(Question::Nps, NPS, false, text),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn satisfaction_labels_on_five_points() {
        let cases = [
            ("Very dissatisfied", 1),
            ("DISSATISFIED", 2),
            ("Neither satisfied nor dissatisfied", 3),
            ("Satisfied", 4),
            ("very satisfied ", 5),
            ("非常不满意", 1),
            ("不太满意", 2),
            ("一般", 3),
            ("比较满意", 4),
            ("非常满意", 5),
        ];
        for (text, expected) in cases {
            assert_eq!(
                answer_value(Question::Csat, CSAT, false, text),
                Some(expected),
                "{text}"
            );
        }
        // Only a satisfaction question on five points has these labels.
        assert_eq!(
            answer_value(Question::Csat, Scale::new(1, 7), false, "Satisfied"),
            None
        );
        assert_eq!(answer_value(Question::Nps, NPS, false, "Satisfied"), None);
        assert_eq!(answer_value(Question::Csat, CSAT, false, "Happy"), None);
        assert_eq!(
            answer_value(Question::Ces, Scale::new(1, 7), false, "Satisfied"),
            None
        );
    }

    #[test]
    fn agreement_labels_on_seven_points() {
        let ces = Scale::new(1, 7);
        let cases = [
            ("Strongly disagree", 1),
            ("Disagree", 2),
            ("Somewhat disagree", 3),
            ("Neither agree nor disagree", 4),
            ("Somewhat agree", 5),
            ("agree", 6),
            ("Strongly Agree", 7),
            ("非常不同意", 1),
            ("一般", 4),
            ("非常同意", 7),
        ];
        for (text, expected) in cases {
            assert_eq!(
                answer_value(Question::Ces, ces, false, text),
                Some(expected),
                "{text}"
            );
        }
        assert_eq!(
            answer_value(Question::Ces, Scale::new(1, 5), false, "Agree"),
            None
        );
        assert_eq!(answer_value(Question::Csat, CSAT, false, "Agree"), None);
    }

    #[test]
    fn numbers_of_a_reversed_scale_are_turned_around_and_labels_are_not() {
        // CES asked about effort on 1–7, 1 very low effort: 1 is the best answer, read as 7.
        let ces = Scale::new(1, 7);
        let read = |text| answer_value(Question::Ces, ces, true, text);
        assert_eq!(
            [read("1"), read("4"), read("7")],
            [Some(7), Some(4), Some(1)]
        );
        assert_eq!(read("2 - Low effort"), Some(6));
        assert_eq!((read("8"), read("0")), (None, None));
        // A label alone means what it says: agreeing that it was easy is good either way.
        assert_eq!(read("Strongly agree"), Some(7));
        // CSAT on 1–5 with 1 very satisfied.
        assert_eq!(
            answer_value(Question::Csat, CSAT, true, "1 = very satisfied"),
            Some(5)
        );
        assert_eq!(
            answer_value(Question::Csat, CSAT, true, "Very satisfied"),
            Some(5)
        );
    }
}
