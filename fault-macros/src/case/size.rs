//! Byte sizes as written in `memory_limit = "256MiB"`.

/// Units, longest first so `KiB` wins over `B`.
const UNITS: &[(&str, u64)] = &[
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
    ("KB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
    ("B", 1),
];

/// Parses `256MiB`, `1GiB`, `512MB` or a plain byte count.
pub(crate) fn parse(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (number, multiplier) = UNITS
        .iter()
        .find_map(|(unit, multiplier)| text.strip_suffix(unit).map(|n| (n.trim(), *multiplier)))
        .unwrap_or((text, 1));
    let number: u64 = number.parse().map_err(|_| {
        format!("`{text}` is not a size; write it as in `\"256MiB\"`, `\"1GiB\"` or `\"512MB\"`")
    })?;
    number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_binary_and_decimal_units() {
        assert_eq!(parse("256MiB"), Ok(256 << 20));
        assert_eq!(parse("1GiB"), Ok(1 << 30));
        assert_eq!(parse("512MB"), Ok(512_000_000));
        assert_eq!(parse("4096"), Ok(4096));
        assert_eq!(parse("64 KiB"), Ok(64 << 10));
        assert!(parse("lots").is_err());
        assert!(parse("1.5GiB").is_err());
        assert!(parse("99999999999TiB").is_err());
    }
}
