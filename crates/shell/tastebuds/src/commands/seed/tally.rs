//! What a step created and what it found already there, and the progress line that says
//! so.

/// Counts of one kind of thing a step handled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Created by this run.
    pub created: usize,
    /// Already there (left as it was).
    pub existing: usize,
}

impl Tally {
    /// Counts one created (`true`) or existing (`false`) thing.
    pub fn add(&mut self, created: bool) {
        if created {
            self.created += 1;
        } else {
            self.existing += 1;
        }
    }

    /// How many were handled.
    pub fn total(self) -> usize {
        self.created + self.existing
    }

    /// `10 items`, `1 tag`: the total with its noun.
    pub fn counted(self, singular: &str, plural: &str) -> String {
        let noun = if self.total() == 1 { singular } else { plural };
        format!("{} {noun}", self.total())
    }
}

/// The progress line of a step: `seed: media 10 items (10 created)`, or
/// `seed: media 10 items (already seeded: nothing to do)` when nothing was created.
pub fn line(step: &str, what: &str, tallies: &[Tally]) -> String {
    let created: usize = tallies.iter().map(|t| t.created).sum();
    let existing: usize = tallies.iter().map(|t| t.existing).sum();
    let outcome = match (created, existing) {
        (0, _) => "already seeded: nothing to do".to_owned(),
        (_, 0) => format!("{created} created"),
        _ => format!("{created} created, {existing} already there"),
    };
    format!("seed: {step} {what} ({outcome})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_say_what_was_created_and_when_nothing_was() {
        let mut items = Tally::default();
        items.add(true);
        items.add(false);
        assert_eq!(
            line("media", &items.counted("item", "items"), &[items]),
            "seed: media 2 items (1 created, 1 already there)"
        );
        let existing = Tally {
            created: 0,
            existing: 1,
        };
        assert_eq!(
            line("user", &existing.counted("user", "users"), &[existing]),
            "seed: user 1 user (already seeded: nothing to do)"
        );
        let fresh = Tally {
            created: 3,
            existing: 0,
        };
        assert_eq!(
            line("tags", "3 tags", &[fresh]),
            "seed: tags 3 tags (3 created)"
        );
    }
}
