//! Telling the files people pick by mistake for a CSV export by how they begin, so that the
//! error says what the file is and how to get a CSV out of it.

/// A format that is not CSV text, told by the file's first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileFormat {
    /// A PDF document (`%PDF-`), as a report printed to PDF is.
    Pdf,
    /// A zip archive (`PK\3\4`): an Excel workbook (.xlsx), a Numbers file, or a zipped export.
    Zip,
    /// A Microsoft compound file (`D0 CF 11 E0`): an Excel 97–2003 workbook (.xls).
    OfficeCompound,
    /// An HTML page, as systems write the tables they export under an `.xls` name.
    Html,
    /// An XML file, such as an Excel 2003 XML spreadsheet.
    Xml,
}

impl FileFormat {
    /// The format a file beginning with `opening` is in, when it is one of those above.
    pub(crate) fn of(opening: &[u8]) -> Option<FileFormat> {
        const SIGNATURES: [(&[u8], FileFormat); 3] = [
            (b"%PDF-", FileFormat::Pdf),
            (b"PK\x03\x04", FileFormat::Zip),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                FileFormat::OfficeCompound,
            ),
        ];
        if let Some(&(_, format)) = SIGNATURES
            .iter()
            .find(|(signature, _)| opening.starts_with(signature))
        {
            return Some(format);
        }
        // Markup is text: it may open with a byte-order mark and blank lines.
        let text = opening.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(opening);
        let text = &text[text.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let opens_with = |tag: &[u8]| {
            text.get(..tag.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(tag))
        };
        if [&b"<!doctype html"[..], b"<html", b"<table"]
            .into_iter()
            .any(opens_with)
        {
            Some(FileFormat::Html)
        } else if opens_with(b"<?xml") {
            Some(FileFormat::Xml)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        let cases: [(&[u8], Option<FileFormat>); 11] = [
            (
                b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj",
                Some(FileFormat::Pdf),
            ),
            (b"PK\x03\x04\x14\x00\x06\x00", Some(FileFormat::Zip)),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00",
                Some(FileFormat::OfficeCompound),
            ),
            (b"<!DOCTYPE html>\n<html>", Some(FileFormat::Html)),
            (
                b"\xEF\xBB\xBF\r\n  <HTML xmlns:x=\"urn:schemas-microsoft-com:office:excel\">",
                Some(FileFormat::Html),
            ),
            (b"<table border=1><tr><td>", Some(FileFormat::Html)),
            (b"<?xml version=\"1.0\"?>\n<Workbook", Some(FileFormat::Xml)),
            (b"customer,date,amount\nA,2024-03-05,10\n", None),
            // A header that merely mentions a tag, and a file too short to tell.
            (b"note,<html>\n", None),
            (b"PK", None),
            (b"", None),
        ];
        for (opening, expected) in cases {
            assert_eq!(FileFormat::of(opening), expected, "{opening:?}");
        }
    }
}
