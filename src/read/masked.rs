//! Customer ids a platform masked before exporting them (Alipay writes `138****1234`): two
//! customers whose masks coincide are one id, and the report says so rather than count them as
//! one customer unseen.

use crate::aggregated::Limitation;
use crate::text::Texts;

/// The run of asterisks that marks a masked id: platforms hide three digits or more.
const MASK: &str = "***";

/// What the report says when some of the customers' distinct `ids` are masked.
pub(crate) fn masked_ids(ids: &[String]) -> Option<Limitation> {
    // Looking for one asterisk first is a byte search; a substring search costs a setup per id.
    let mut masked = ids
        .iter()
        .filter(|id| id.contains('*') && id.contains(MASK));
    let example = masked.next()?;
    let count = 1 + masked.count();
    let total = ids.len();
    let (are, s) = if count == 1 { ("is", "") } else { ("are", "s") };
    Some(Limitation {
        key: "maskedCustomerIds",
        text: Texts::new(
            format!("{count} of the {total} customer ids {are} masked, such as '{example}': customers whose masked id{s} coincide are counted as one, so there may be more customers, each worth less, than the report shows. Export the ids unmasked (the payer's user id) to tell them apart."),
            format!("{total} 个客户编号中有 {count} 个经过掩码处理（例如“{example}”）：掩码相同的客户会被算作同一位，因此实际客户可能比报告中更多、每位的价值更低。请导出未掩码的编号（如付款方的用户 ID）以区分客户。"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::masked_ids;

    #[test]
    fn masked_ids_are_counted_among_all() {
        let ids: Vec<String> = ["138****1234", "ann@example.com", "an***@163.com", "5*2"]
            .map(String::from)
            .to_vec();
        let limitation = masked_ids(&ids).unwrap();
        assert_eq!(limitation.key, "maskedCustomerIds");
        assert!(
            limitation
                .text
                .en
                .starts_with("2 of the 4 customer ids are masked, such as '138****1234': "),
            "{}",
            limitation.text.en
        );
        assert_eq!(masked_ids(&ids[1..2]), None);
    }
}
