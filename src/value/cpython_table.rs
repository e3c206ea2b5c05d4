//! The check both CPython tables share (`tests/fixtures/value_*.tsv`, written by python3): every
//! row's last field is what CPython gave; each row is evaluated here and every difference is
//! reported at once, not just the first.

/// Asserts that `evaluate` gives each row's expected last field, over a table of at least
/// `min_rows` rows (`#` lines are comments).
pub fn assert_rows_match(table: &str, min_rows: usize, evaluate: impl Fn(&str) -> Result<String, String>) {
    let rows: Vec<&str> = table.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
    let problems: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let expected = row.rsplit('\t').next().unwrap_or_default();
            match evaluate(row) {
                Ok(got) if got == expected => None,
                Ok(got) => Some(format!("{row}\n    got {got}")),
                Err(why) => Some(format!("{row}\n    {why}")),
            }
        })
        .collect();
    assert!(rows.len() > min_rows, "the table has only {} rows", rows.len());
    assert!(
        problems.is_empty(),
        "{} of {} rows differ from CPython:\n{}",
        problems.len(),
        rows.len(),
        problems.join("\n")
    );
}
