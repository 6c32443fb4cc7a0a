//! Deterministic text for the synthetic catalog: titles, descriptions and names drawn from
//! word lists (plain English, accented and CJK words), so a rerun regenerates the same
//! dataset and the benchmark knows which words are common, rare or misspelt.

/// The word every ~1 % of titles holds: the "common word" search.
pub const COMMON_WORD: &str = "shadow";
/// The word only a handful of titles hold: the "rare fragment" search.
pub const RARE_WORD: &str = "quixotic";
/// A misspelling of a title word that full-text search does not find (`Pokémon`), so the
/// similar-title search answers.
pub const MISSPELT_WORD: &str = "pokemn";
/// One item in this many carries [`RARE_WORD`].
const RARE_EVERY: u64 = 20_000;

/// Plain title words. [`COMMON_WORD`] is one of them.
const PLAIN: &[&str] = &[
    "shadow",
    "river",
    "empire",
    "garden",
    "winter",
    "silver",
    "broken",
    "crown",
    "ocean",
    "forest",
    "city",
    "night",
    "star",
    "iron",
    "glass",
    "memory",
    "fire",
    "storm",
    "desert",
    "island",
    "mountain",
    "secret",
    "golden",
    "last",
    "first",
    "lost",
    "hidden",
    "wild",
    "dark",
    "bright",
    "echo",
    "dream",
    "signal",
    "harbor",
    "machine",
    "letter",
    "journey",
    "kingdom",
    "orchard",
    "lantern",
    "mirror",
    "thunder",
    "velvet",
    "whisper",
    "summer",
    "autumn",
    "spring",
    "falcon",
    "wolf",
    "raven",
    "tiger",
    "dragon",
    "ghost",
    "engine",
    "castle",
    "bridge",
    "tower",
    "valley",
    "meadow",
    "comet",
    "planet",
    "galaxy",
    "harvest",
    "legend",
    "saga",
    "chronicle",
    "song",
    "ballad",
    "code",
    "cipher",
    "atlas",
    "compass",
    "voyage",
    "horizon",
    "frontier",
    "border",
    "station",
    "orbit",
    "pulse",
    "rhythm",
    "melody",
    "anthem",
    "canvas",
    "portrait",
    "sketch",
    "novel",
    "story",
    "tale",
    "myth",
    "oracle",
    "prophet",
    "witness",
    "stranger",
    "traveler",
    "hunter",
    "keeper",
    "thief",
    "queen",
    "king",
    "prince",
    "knight",
    "soldier",
    "pilot",
    "doctor",
    "teacher",
    "child",
    "mother",
    "father",
    "sister",
    "brother",
    "friend",
    "enemy",
    "lover",
    "rebel",
    "saint",
    "sinner",
    "angel",
    "demon",
    "spirit",
    "heart",
    "soul",
    "mind",
    "blood",
    "bone",
    "stone",
    "water",
    "earth",
    "wind",
    "sky",
    "moon",
    "sun",
    "cloud",
    "rain",
    "snow",
    "ice",
    "ash",
    "smoke",
    "dust",
    "light",
    "color",
    "sound",
    "silence",
    "voice",
    "word",
    "name",
    "number",
];

/// Accented words (full-text search folds accents; typo search too).
const ACCENTED: &[&str] = &[
    "Pokémon",
    "Café",
    "Amélie",
    "Señor",
    "Noël",
    "Zürich",
    "Ørsted",
    "Brontë",
    "Façade",
    "Mañana",
    "Crème",
    "Garçon",
    "Élan",
    "Über",
    "São",
    "Déjà",
    "Naïve",
    "Rosé",
    "Smørrebrød",
    "Ångström",
];

/// CJK words (titles of Japanese and Chinese works).
const CJK: &[&str] = &[
    "東京",
    "物語",
    "千と千尋",
    "花",
    "夜",
    "雨",
    "風の谷",
    "侍",
    "青春",
    "月光",
    "北京",
    "上海",
    "龍",
    "桜",
    "星空",
    "海辺",
];

/// Description words (none of them a title word, so a title word's frequency is its
/// frequency in titles).
const PROSE: &[&str] = &[
    "about",
    "after",
    "against",
    "along",
    "among",
    "before",
    "beyond",
    "during",
    "through",
    "toward",
    "quiet",
    "loud",
    "gentle",
    "fierce",
    "tender",
    "bitter",
    "sweet",
    "strange",
    "familiar",
    "distant",
    "nearby",
    "ancient",
    "modern",
    "young",
    "old",
    "brave",
    "fearful",
    "hopeful",
    "restless",
    "patient",
    "family",
    "village",
    "journeyman",
    "sailor",
    "farmer",
    "painter",
    "singer",
    "writer",
    "scholar",
    "merchant",
    "finds",
    "loses",
    "returns",
    "discovers",
    "remembers",
    "forgets",
    "chases",
    "escapes",
    "builds",
    "breaks",
    "love",
    "grief",
    "courage",
    "betrayal",
    "friendship",
    "ambition",
    "revenge",
    "forgiveness",
    "wonder",
    "loss",
];

/// Given names and family names for authors, directors and artists.
const GIVEN: &[&str] = &[
    "Ada", "Bruno", "Chloé", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Inès", "Jonas", "Keiko",
    "Liam", "Maya", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tomás",
];
const FAMILY: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Novak",
    "García",
    "Müller",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Nakamura",
    "O'Brien",
    "Dubois",
    "Ivanova",
    "Silva",
    "Jensen",
];

/// A deterministic 64-bit mix (SplitMix64): the same `seed` always gives the same value.
#[must_use]
pub fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A small deterministic generator seeded per row.
pub struct Draw(u64);

impl Draw {
    /// The generator of row `n` of stream `stream`.
    #[must_use]
    pub fn new(stream: u64, n: u64) -> Self {
        Self(mix(stream.wrapping_mul(0x1000_0000_01B3) ^ n))
    }

    /// The next value below `bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 = mix(self.0);
        self.0 % bound.max(1)
    }

    /// One of `words`.
    pub fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        let index = usize::try_from(self.below(words.len() as u64)).unwrap_or(0);
        words[index]
    }
}

/// Item `n`'s title: two to four words, mostly plain, some accented or CJK; one item in
/// [`RARE_EVERY`] (and item 7, so small datasets have one) carries [`RARE_WORD`].
#[must_use]
pub fn title(n: u64) -> String {
    let mut draw = Draw::new(1, n);
    let count = 2 + draw.below(3);
    let mut words: Vec<String> = Vec::new();
    for _ in 0..count {
        let word = match draw.below(20) {
            0 | 1 => draw.pick(ACCENTED),
            2 => draw.pick(CJK),
            _ => draw.pick(PLAIN),
        };
        words.push(capitalize(word));
    }
    if n % RARE_EVERY == 7 {
        words.push(capitalize(RARE_WORD));
    }
    words.join(" ")
}

/// Item `n`'s description: a dozen words of prose.
#[must_use]
pub fn description(n: u64) -> String {
    let mut draw = Draw::new(2, n);
    let words: Vec<&str> = (0..12).map(|_| draw.pick(PROSE)).collect();
    format!("{}.", capitalize(&words.join(" ")))
}

/// Person `n` of stream `stream`: "Given Family".
#[must_use]
pub fn person(stream: u64, n: u64) -> String {
    let mut draw = Draw::new(stream, n);
    format!("{} {}", draw.pick(GIVEN), draw.pick(FAMILY))
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_deterministic_and_varied() {
        assert_eq!(title(42), title(42));
        let titles: std::collections::HashSet<String> = (0..1_000).map(title).collect();
        assert!(titles.len() > 950, "{}", titles.len());
    }

    #[test]
    fn the_common_word_is_common_and_the_rare_word_rare() {
        let n = 20_000;
        let common = (0..n)
            .filter(|&i| title(i).to_lowercase().contains(COMMON_WORD))
            .count();
        let rare = (0..n)
            .filter(|&i| title(i).to_lowercase().contains(RARE_WORD))
            .count();
        assert!(common > 100 && common < 1_000, "{common}");
        assert_eq!(rare, 1);
    }

    #[test]
    fn some_titles_hold_accents_and_cjk_and_the_misspelt_word_is_not_a_title_word() {
        let titles: Vec<String> = (0..2_000).map(title).collect();
        assert!(titles.iter().any(|t| t.contains("Pokémon")));
        assert!(
            titles
                .iter()
                .any(|t| t.contains("東京") || t.contains("物語"))
        );
        assert!(
            !titles
                .iter()
                .any(|t| t.to_lowercase().contains(MISSPELT_WORD))
        );
    }

    #[test]
    fn draws_stay_below_their_bound() {
        let mut draw = Draw::new(3, 9);
        assert!((0..1_000).all(|_| draw.below(7) < 7));
        assert_eq!(draw.below(0), 0);
    }
}
