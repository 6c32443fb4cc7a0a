//! Text helpers: HTML descriptions to plain text, and empty strings as absent values.
//!
//! HTML goes through `html2text` (a real HTML5 parser, html5ever): it copes with the
//! unbalanced markup upstreams send, decodes every named and numeric entity, and turns
//! block elements and `<br>` into line breaks. Regex or hand-rolled tag strippers get
//! entities and malformed markup wrong; `ammonia` sanitises but keeps HTML.

/// Wide enough that `html2text` never wraps a line.
const NO_WRAP: usize = 1_000_000;

/// Converts an HTML fragment to plain text: tags dropped, entities decoded, `<p>`/`<br>`
/// kept as line breaks (at most one blank line in a row), non-breaking spaces made plain,
/// link targets dropped (their text is kept). `None` when nothing but whitespace remains.
#[must_use]
pub fn html_to_text(html: &str) -> Option<String> {
    let rendered = html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .link_footnotes(false)
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), NO_WRAP)
        .unwrap_or_else(|_| html.to_owned());
    let mut text = String::with_capacity(rendered.len());
    let mut blank_run = 0;
    for line in rendered.replace('\u{a0}', " ").lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        text.push_str(line);
    }
    non_empty(text)
}

/// The trimmed string, or `None` when it is empty (upstreams send `""` for "unknown").
#[must_use]
pub fn non_empty(value: impl AsRef<str>) -> Option<String> {
    let trimmed = value.as_ref().trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// [`non_empty`] over an optional value.
#[must_use]
pub fn non_empty_opt<S: AsRef<str>>(value: Option<S>) -> Option<String> {
    value.and_then(non_empty)
}

/// The non-empty, trimmed strings of a list, in order and without repeats; `None` when
/// none is left (so an absent list and `[]` both map to a SQL `NULL`).
#[must_use]
pub fn non_empty_list<I, S>(values: I) -> Option<Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut list: Vec<String> = Vec::new();
    for value in values.into_iter().filter_map(non_empty) {
        if !list.contains(&value) {
            list.push(value);
        }
    }
    (!list.is_empty()).then_some(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped_entities_decoded_and_paragraphs_kept() {
        let html = "<p><b>The first novel.</b></p><p>Spice &amp; sand.<br><br>Driven into the \
                    <i>deep</i> desert.</p>";
        assert_eq!(
            html_to_text(html).as_deref(),
            Some("The first novel.\n\nSpice & sand.\n\nDriven into the deep desert.")
        );
        assert_eq!(
            html_to_text("Muad&#39;Dib &quot;rules&quot;&nbsp;...").as_deref(),
            Some("Muad'Dib \"rules\" ...")
        );
        assert_eq!(
            html_to_text(r#"Read <a href="https://x.example/">more</a> here"#).as_deref(),
            Some("Read more here")
        );
    }

    #[test]
    fn plain_and_non_ascii_text_round_trips() {
        let text =
            "砂漠の惑星アラキス、通称デューン。Sur Dune, la planète des sables, règne l'Épice.";
        assert_eq!(html_to_text(text).as_deref(), Some(text));
        assert_eq!(
            html_to_text("a < b and c > d").as_deref(),
            Some("a < b and c > d")
        );
        assert_eq!(html_to_text("  <p> </p> "), None);
    }

    #[test]
    fn empty_strings_are_absent() {
        assert_eq!(non_empty(""), None);
        assert_eq!(non_empty("  x "), Some("x".to_owned()));
        assert_eq!(non_empty_opt(None::<&str>), None);
        assert_eq!(non_empty_list(["", " "]), None);
        assert_eq!(
            non_empty_list(["Hayao Miyazaki", "Hayao Miyazaki", " Toho "]),
            Some(vec!["Hayao Miyazaki".to_owned(), "Toho".to_owned()])
        );
    }
}
