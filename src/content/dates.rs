//! How a calendar date reads in a space's language: `2026-03-02` is
//! "March 2, 2026" in English and "2026年3月2日" in Chinese and Japanese.
//! The pattern and the month names are interface strings of the theme
//! (`date`, `months` in `i18n/<lang>.yaml`), so a project can change them.

use std::collections::BTreeMap;

/// A date pattern with `{year}`, `{month}`, `{day}` (numbers without
/// leading zeros), `{month_name}`, `{mm}` and `{dd}` (two digits).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DateStyle {
    pattern: String,
    months: Vec<String>,
}

impl DateStyle {
    /// The style of a language's interface strings; without a `date` key,
    /// dates are shown as written.
    pub fn from_strings(strings: &BTreeMap<String, String>) -> DateStyle {
        DateStyle {
            pattern: strings.get("date").cloned().unwrap_or_default(),
            months: strings
                .get("months")
                .map(|m| m.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
        }
    }

    /// `date` (`YYYY-MM-DD`, as GitBook writes it) in this style; anything
    /// that is not such a date is returned as written.
    pub fn format(&self, date: &str) -> String {
        match (self.pattern.is_empty(), parse_iso(date)) {
            (false, Some((year, month, day))) => self.fill(year, month, day),
            _ => date.to_string(),
        }
    }

    fn fill(&self, year: u32, month: u32, day: u32) -> String {
        let month_name = self
            .months
            .get(month as usize - 1)
            .cloned()
            .unwrap_or_else(|| month.to_string());
        self.pattern
            .replace("{year}", &year.to_string())
            .replace("{month_name}", &month_name)
            .replace("{month}", &month.to_string())
            .replace("{day}", &day.to_string())
            .replace("{mm}", &format!("{month:02}"))
            .replace("{dd}", &format!("{day:02}"))
    }
}

/// Year, month and day of `YYYY-MM-DD` when it names a real day.
pub fn parse_iso(date: &str) -> Option<(u32, u32, u32)> {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &date[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(pattern: &str, months: &str) -> DateStyle {
        let strings = BTreeMap::from([
            ("date".to_string(), pattern.to_string()),
            ("months".to_string(), months.to_string()),
        ]);
        DateStyle::from_strings(&strings)
    }

    #[test]
    fn dates_follow_the_language_pattern() {
        let english = style(
            "{month_name} {day}, {year}",
            "January February March April May June July August September October November December",
        );
        assert_eq!(english.format("2026-03-02"), "March 2, 2026");
        assert_eq!(english.format("2024-12-31"), "December 31, 2024");
        let chinese = style("{year}年{month}月{day}日", "");
        assert_eq!(chinese.format("2026-03-02"), "2026年3月2日");
        let numeric = style("{dd}.{mm}.{year}", "");
        assert_eq!(numeric.format("2026-03-02"), "02.03.2026");
    }

    #[test]
    fn what_is_not_a_day_stays_as_written() {
        let chinese = style("{year}年{month}月{day}日", "");
        for written in [
            "",
            "2026",
            "2026-3-2",
            "2026-02-30",
            "2026-13-01",
            "2025-02-29",
            "next week",
            "２０２６-03-02",
        ] {
            assert_eq!(chinese.format(written), written);
        }
        assert_eq!(chinese.format("2024-02-29"), "2024年2月29日");
        assert_eq!(DateStyle::default().format("2026-03-02"), "2026-03-02");
    }

    #[test]
    fn missing_month_names_fall_back_to_numbers() {
        assert_eq!(
            style("{month_name}/{year}", "Jan").format("2026-03-02"),
            "3/2026"
        );
    }
}
