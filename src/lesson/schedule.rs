//! Schedules: `--schedule Process-1@14,Process-2@14,Process-1` names the order in which steps
//! are granted, so a race happens the same way every time. An entry is `NAME` (one step),
//! `NAME*N` (N steps) or `NAME@L` (steps until NAME stands before Python line L). This is the
//! syntax, shared by the command line and a lesson's expectations; the runtime applies it.

/// How far one entry lets its process go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    Steps(u32),
    UntilLine(u32),
}

/// One entry of a schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub reach: Reach,
}

/// A parsed schedule.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Schedule {
    pub entries: Vec<Entry>,
}

impl Schedule {
    /// Parses `A,B*3,C@12`.
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let mut entries = Vec::new();
        for (i, raw) in text.split(',').map(str::trim).enumerate() {
            let bad = |why: &str| {
                format!("schedule entry {} '{raw}': {why} — write NAME, NAME*N or NAME@LINE, e.g. Process-1@14", i + 1)
            };
            if raw.is_empty() {
                return Err(bad("empty"));
            }
            let (name, reach) = if let Some((n, k)) = raw.split_once('*') {
                (
                    n,
                    Reach::Steps(
                        k.parse()
                            .ok()
                            .filter(|k| *k > 0)
                            .ok_or_else(|| bad("the step count must be a positive number"))?,
                    ),
                )
            } else if let Some((n, l)) = raw.split_once('@') {
                (
                    n,
                    Reach::UntilLine(
                        l.parse().ok().filter(|l| *l > 0).ok_or_else(|| bad("the line must be a positive number"))?,
                    ),
                )
            } else {
                (raw, Reach::Steps(1))
            };
            if name.is_empty() || name.chars().any(char::is_whitespace) {
                return Err(bad("the process name is missing"));
            }
            entries.push(Entry { name: name.to_string(), reach });
        }
        Ok(Schedule { entries })
    }

    /// Whether the schedule names this process.
    pub fn mentions(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_parse_steps_counts_and_lines() {
        let s = Schedule::parse("Process-1@14, Process-2*3,MainProcess").expect("valid");
        assert_eq!(s.entries[0], Entry { name: "Process-1".into(), reach: Reach::UntilLine(14) });
        assert_eq!(s.entries[1].reach, Reach::Steps(3));
        assert_eq!(s.entries[2].reach, Reach::Steps(1));
        assert!(s.mentions("Process-2") && !s.mentions("Process-3"));
    }

    #[test]
    fn bad_schedules_say_which_entry_is_wrong() {
        let err = Schedule::parse("Process-1,,Process-2").expect_err("empty entry");
        assert!(err.contains("entry 2"), "{err}");
        assert!(Schedule::parse("P*0").is_err());
        assert!(Schedule::parse("P@x").is_err());
        assert!(Schedule::parse("@3").is_err());
    }
}
