//! The most frequent words and two-word phrases in the comments of promoters, passives and
//! detractors, in English and Chinese.
//!
//! Chinese has no spaces between words, so it is cut into overlapping character bigrams
//! ("服务很好" → 服务, 务很, 很好), the standard dictionary-free approach: real two-character
//! words rise to the top because they recur, at the price of some cross-word pairs (务很). The
//! commonest of those pairs are left out: pairs with a particle or pronoun, and pairs ending in
//! a degree adverb (很, 太, 挺, 最), which starts the next word (很好, 太慢) rather than ends
//! one. A Chinese "two-word phrase" is then a run of four characters, two bigrams side by side
//! (服务很好). A dictionary segmenter cuts true words but carries its dictionary: jieba-rs
//! 0.11 embeds a 5.1 MB word list (349,045 entries, 1.9 MB deflated) in a wasm module that is
//! 0.6 MB today, and builds it in memory at start-up. Bigrams add nothing.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::survey::params::Question;
use crate::survey::read::Responses;
use crate::survey::stats::NpsBoxes;
use crate::survey::value::NpsGroup;
use crate::text::Texts;

/// Terms listed per group and kind.
const TOP_TERMS: usize = 20;

/// The report's `satisfaction.comments`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comments {
    /// How the comments were cut into words and phrases.
    pub method: Texts,
    /// One entry per group with comments: promoters, passives, detractors, then responses
    /// without an NPS answer.
    pub groups: Vec<CommentGroup>,
}

/// The frequent terms in one group's comments.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentGroup {
    /// The NPS box of the responses, or `null` for responses without an NPS answer.
    pub nps_group: Option<NpsGroup>,
    /// Comments in the group.
    pub comments: u64,
    /// The most frequent words (Chinese: character bigrams), by the number of comments that
    /// use them, at most 20.
    pub words: Vec<TermCount>,
    /// The most frequent two-word phrases (Chinese: four-character runs), at most 20.
    pub phrases: Vec<TermCount>,
}

/// A term and the number of comments it appears in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermCount {
    /// The word or phrase, lower case.
    pub term: String,
    /// Comments that use it (each comment counts once).
    pub comments: u64,
}

/// The comments section; `None` when no response has a comment.
pub(crate) fn comments(responses: &Responses, boxes: NpsBoxes) -> Option<Comments> {
    let order = [
        Some(NpsGroup::Promoter),
        Some(NpsGroup::Passive),
        Some(NpsGroup::Detractor),
        None,
    ];
    let mut groups: Vec<(Option<NpsGroup>, Tally)> = order
        .iter()
        .map(|&group| (group, Tally::default()))
        .collect();
    for response in &responses.rows {
        let Some(comment) = response.comment.as_deref() else {
            continue;
        };
        let group = response.answer(Question::Nps).map(|nps| boxes.group(nps));
        if let Some((_, tally)) = groups.iter_mut().find(|(g, _)| *g == group) {
            tally.add(comment);
        }
    }
    let groups: Vec<CommentGroup> = groups
        .into_iter()
        .filter(|(_, tally)| tally.comments > 0)
        .map(|(nps_group, tally)| CommentGroup {
            nps_group,
            comments: tally.comments,
            words: top(tally.words),
            phrases: top(tally.phrases),
        })
        .collect();
    (!groups.is_empty()).then(|| Comments {
        method: Texts::new(
            "English: lower-case words without common stop words; phrases are two such words side by side. Chinese: overlapping character bigrams (no dictionary), without particles and pronouns or a degree adverb (很, 太, 挺, 最) at the end; phrases are four-character runs. Each term counts the comments that use it.",
            "英文：小写单词，去除常见停用词；短语为相邻的两个单词。中文：相邻两字切分（字符二元组，不用词典），去除含助词、代词或以程度副词（很、太、挺、最）结尾的组合；短语为连续四个汉字。每个词语按出现它的评论条数计数。",
        ),
        groups,
    })
}

#[derive(Default)]
struct Tally {
    comments: u64,
    words: HashMap<String, u64>,
    phrases: HashMap<String, u64>,
}

impl Tally {
    fn add(&mut self, comment: &str) {
        self.comments += 1;
        let (words, phrases) = terms(comment);
        for word in words {
            *self.words.entry(word).or_default() += 1;
        }
        for phrase in phrases {
            *self.phrases.entry(phrase).or_default() += 1;
        }
    }
}

fn top(counts: HashMap<String, u64>) -> Vec<TermCount> {
    let mut terms: Vec<TermCount> = counts
        .into_iter()
        .map(|(term, comments)| TermCount { term, comments })
        .collect();
    terms.sort_by(|a, b| {
        b.comments
            .cmp(&a.comments)
            .then_with(|| a.term.cmp(&b.term))
    });
    terms.truncate(TOP_TERMS);
    terms
}

/// The distinct words and phrases of one comment.
fn terms(comment: &str) -> (HashSet<String>, HashSet<String>) {
    let mut words = HashSet::new();
    let mut phrases = HashSet::new();
    for run in runs(comment) {
        match run {
            Run::Han(chars) => {
                words.extend(
                    chars
                        .windows(2)
                        .filter(|w| is_han_term(w))
                        .map(String::from_iter),
                );
                phrases.extend(
                    chars
                        .windows(4)
                        .filter(|w| is_han_term(w))
                        .map(String::from_iter),
                );
            }
            Run::Latin(tokens) => {
                let kept: Vec<Option<&String>> = tokens
                    .iter()
                    .map(|t| (!STOP_WORDS.contains(&t.as_str()) && is_word(t)).then_some(t))
                    .collect();
                words.extend(kept.iter().flatten().map(|t| t.to_string()));
                for pair in kept.windows(2) {
                    if let [Some(first), Some(second)] = pair {
                        phrases.insert(format!("{first} {second}"));
                    }
                }
            }
        }
    }
    (words, phrases)
}

/// Whether a run of Han characters can be a term: no particle or pronoun in it, and no degree
/// adverb at its end, where it would belong to the next word.
fn is_han_term(chars: &[char]) -> bool {
    !chars.iter().any(|c| HAN_STOP_CHARS.contains(c))
        && chars.last().is_some_and(|c| !DEGREE_ADVERBS.contains(c))
}

fn is_word(token: &str) -> bool {
    token.chars().count() > 1 && !token.chars().all(|c| c.is_ascii_digit())
}

/// A stretch of one script between punctuation: Han characters, or words of other letters.
enum Run {
    Han(Vec<char>),
    Latin(Vec<String>),
}

/// Whether `c` is a Han character (汉字), of Chinese or Japanese text.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Splits a comment at punctuation and script changes. Spaces separate words within a Latin
/// run; an apostrophe inside a word is kept (don't).
fn runs(comment: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, tokens: &mut Vec<String>| {
        let trimmed = word.trim_matches('\'');
        if !trimmed.is_empty() {
            tokens.push(trimmed.to_string());
        }
        word.clear();
    };
    for c in comment.chars().chain(std::iter::once('.')) {
        if is_han(c) {
            flush_word(&mut word, &mut tokens);
            if !tokens.is_empty() {
                runs.push(Run::Latin(std::mem::take(&mut tokens)));
            }
            han.push(c);
            continue;
        }
        if !han.is_empty() {
            runs.push(Run::Han(std::mem::take(&mut han)));
        }
        if c.is_alphanumeric() || (c == '\'' && !word.is_empty()) {
            word.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            flush_word(&mut word, &mut tokens);
        } else {
            flush_word(&mut word, &mut tokens);
            if !tokens.is_empty() {
                runs.push(Run::Latin(std::mem::take(&mut tokens)));
            }
        }
    }
    runs
}

/// Characters that make a bigram uninformative: particles, pronouns and the most common
/// function characters.
const HAN_STOP_CHARS: &[char] = &[
    '的', '了', '是', '在', '和', '与', '及', '也', '都', '就', '我', '你', '他', '她', '它', '们',
    '这', '那', '吗', '呢', '吧', '啊', '呀', '哦', '嗯', '着', '过', '把', '被', '个',
];

/// Adverbs of degree, which come before the word they qualify (很好, 太慢, 挺快, 最差) and end
/// no common word: a pair ending in one crosses from the word before (务很 in 服务很好).
const DEGREE_ADVERBS: &[char] = &['很', '太', '挺', '最'];

const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have",
    "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "just", "me", "my", "of", "on",
    "or", "our", "she", "so", "that", "the", "their", "them", "then", "there", "they", "this",
    "to", "too", "us", "very", "was", "we", "were", "what", "when", "which", "who", "will", "with",
    "would", "you", "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted<S: AsRef<str>>(terms: impl IntoIterator<Item = S>) -> Vec<String> {
        let mut list: Vec<String> = terms.into_iter().map(|t| t.as_ref().to_string()).collect();
        list.sort();
        list
    }

    #[test]
    fn words_and_phrases() {
        let cases: [(&str, &[&str], &[&str]); 6] = [
            (
                "Great service, and FAST delivery!",
                &["delivery", "fast", "great", "service"],
                &["fast delivery", "great service"],
            ),
            (
                "Support didn't answer my 2 emails",
                &["answer", "didn't", "emails", "support"],
                // "my" is a stop word and "2" not a word, so no phrase crosses them.
                &["didn't answer", "support didn't"],
            ),
            (
                "服务很好，物流很快",
                &["很好", "很快", "服务", "物流"],
                &["服务很好", "物流很快"],
            ),
            ("我的快递太慢了", &["太慢", "快递"], &["快递太慢"]),
            // A run ending in an adverb crosses into the next word: 度挺 and 务态度挺 are cut;
            // 务态 is a cross-word pair no rule tells from a word.
            (
                "服务态度挺好",
                &["务态", "态度", "挺好", "服务"],
                &["服务态度", "态度挺好"],
            ),
            ("App很好用 but slow", &["app", "slow", "好用", "很好"], &[]),
        ];
        for (comment, words, phrases) in cases {
            let (found_words, found_phrases) = terms(comment);
            assert_eq!(sorted(found_words), sorted(words), "{comment}");
            assert_eq!(sorted(found_phrases), sorted(phrases), "{comment}");
        }
    }

    #[test]
    fn terms_count_comments_not_repeats_and_sort_by_count_then_term() {
        let mut tally = Tally::default();
        for comment in ["slow slow slow", "slow delivery", "delivery ok"] {
            tally.add(comment);
        }
        let words: Vec<(String, u64)> = top(tally.words)
            .into_iter()
            .map(|t| (t.term, t.comments))
            .collect();
        let expected = [("delivery", 2), ("slow", 2), ("ok", 1)].map(|(t, c)| (t.to_string(), c));
        assert_eq!(words, expected);
    }
}
