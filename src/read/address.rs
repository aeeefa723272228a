//! The province of a Chinese shipping address, as Taobao's and other marketplaces' order
//! exports write one in a single column (`收货地址`: `浙江省 杭州市 西湖区 文三路 1 号`), so that
//! the address gives the region breakdown a province rather than one value per customer.

/// China's province-level divisions: the name an address starts with, and the full name the
/// region takes.
const PROVINCES: &[(&str, &str)] = &[
    ("北京", "北京市"),
    ("天津", "天津市"),
    ("上海", "上海市"),
    ("重庆", "重庆市"),
    ("河北", "河北省"),
    ("山西", "山西省"),
    ("辽宁", "辽宁省"),
    ("吉林", "吉林省"),
    ("黑龙江", "黑龙江省"),
    ("江苏", "江苏省"),
    ("浙江", "浙江省"),
    ("安徽", "安徽省"),
    ("福建", "福建省"),
    ("江西", "江西省"),
    ("山东", "山东省"),
    ("河南", "河南省"),
    ("湖北", "湖北省"),
    ("湖南", "湖南省"),
    ("广东", "广东省"),
    ("海南", "海南省"),
    ("四川", "四川省"),
    ("贵州", "贵州省"),
    ("云南", "云南省"),
    ("陕西", "陕西省"),
    ("甘肃", "甘肃省"),
    ("青海", "青海省"),
    ("台湾", "台湾省"),
    ("内蒙古", "内蒙古自治区"),
    ("广西", "广西壮族自治区"),
    ("西藏", "西藏自治区"),
    ("宁夏", "宁夏回族自治区"),
    ("新疆", "新疆维吾尔自治区"),
    ("香港", "香港特别行政区"),
    ("澳门", "澳门特别行政区"),
];

/// The full name of the province `address` starts with, written short or in full (`浙江`,
/// `浙江省`, `北京市朝阳区`); `None` when it starts with none, as an address abroad does.
///
/// No short name starts another, so the first match is the only one.
pub(crate) fn province(address: &str) -> Option<&'static str> {
    let address = address.trim_start();
    PROVINCES
        .iter()
        .find(|(short, _)| address.starts_with(short))
        .map(|&(_, full)| full)
}

#[cfg(test)]
mod tests {
    use super::{province, PROVINCES};

    #[test]
    fn provinces_written_short_in_full_with_or_without_spaces() {
        let cases = [
            ("浙江省 杭州市 西湖区 文三路 1 号(310000)", Some("浙江省")),
            ("北京 北京市 朝阳区 建国路 88 号", Some("北京市")),
            ("北京市朝阳区建国路88号", Some("北京市")),
            ("  广西壮族自治区 南宁市 青秀区", Some("广西壮族自治区")),
            ("广东省深圳市南山区", Some("广东省")),
            ("内蒙古 呼和浩特市", Some("内蒙古自治区")),
            ("陕西省 西安市", Some("陕西省")),
            ("山西省 太原市", Some("山西省")),
            ("香港特别行政区 九龙", Some("香港特别行政区")),
            ("1 Main St, Austin, TX", None),
            ("", None),
        ];
        for (address, expected) in cases {
            assert_eq!(province(address), expected, "{address}");
        }
    }

    #[test]
    fn every_province_once_and_no_short_name_starts_another() {
        assert_eq!(PROVINCES.len(), 34);
        for (index, (short, full)) in PROVINCES.iter().enumerate() {
            assert!(full.starts_with(short), "{full}");
            for (other, (other_short, _)) in PROVINCES.iter().enumerate() {
                let starts = other_short.starts_with(short);
                assert!(other == index || !starts, "{short} starts {other_short}");
            }
        }
    }
}
