//! Turning the bind values Diesel prints after a statement (`-- binds: ["shadow", [], 0,
//! 20, Some(5f0c…)]`, each value's `Debug`) back into SQL literals for
//! `EXPLAIN EXECUTE`. Every literal is an untyped quoted string (or NULL), which
//! PostgreSQL coerces to the prepared statement's parameter type.

/// One printed value.
#[derive(Clone, Debug, PartialEq)]
enum Bind {
    Text(String),
    Bare(String),
    Null,
    List(Vec<Bind>),
}

/// Splits Diesel's printed statement into its SQL and its bind literals.
///
/// # Errors
/// Fails on a bind list it cannot read (a struct-like value, unbalanced brackets).
pub fn split(printed: &str) -> Result<(String, Vec<String>), String> {
    let Some((sql, binds)) = printed.split_once(" -- binds: ") else {
        return Ok((printed.to_owned(), Vec::new()));
    };
    let mut parser = Parser {
        chars: binds.trim().chars().collect(),
        at: 0,
    };
    let Bind::List(values) = parser.value()? else {
        return Err(format!("the binds are not a list: {binds}"));
    };
    Ok((sql.to_owned(), values.iter().map(literal).collect()))
}

fn literal(bind: &Bind) -> String {
    match bind {
        Bind::Null => "NULL".to_owned(),
        Bind::Text(text) | Bind::Bare(text) => crate::psql::literal(text),
        Bind::List(items) => {
            let elements: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Bind::Null => "NULL".to_owned(),
                    Bind::Text(text) | Bind::Bare(text) => {
                        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
                    }
                    Bind::List(_) => "NULL".to_owned(),
                })
                .collect();
            crate::psql::literal(&format!("{{{}}}", elements.join(",")))
        }
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Bind, String> {
        self.skip_spaces();
        match self.peek() {
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_spaces();
                    if self.peek() == Some(']') {
                        self.at += 1;
                        return Ok(Bind::List(items));
                    }
                    items.push(self.value()?);
                    self.skip_spaces();
                    match self.peek() {
                        Some(',') => self.at += 1,
                        Some(']') => {}
                        other => return Err(format!("unexpected {other:?} in a list")),
                    }
                }
            }
            Some('"') => self.text(),
            Some(_) => self.bare(),
            None => Err("a value was expected".to_owned()),
        }
    }

    fn text(&mut self) -> Result<Bind, String> {
        self.at += 1;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '"' => return Ok(Bind::Text(text)),
                '\\' => {
                    let escaped = self.peek().ok_or("a dangling escape")?;
                    self.at += 1;
                    match escaped {
                        'n' => text.push('\n'),
                        't' => text.push('\t'),
                        'r' => text.push('\r'),
                        '0' => text.push('\0'),
                        'u' => text.push(self.unicode_escape()?),
                        other => text.push(other),
                    }
                }
                other => text.push(other),
            }
        }
        Err("an unterminated string".to_owned())
    }

    /// `\u{…}` after the `u`.
    fn unicode_escape(&mut self) -> Result<char, String> {
        let rest: String = self.chars[self.at..].iter().collect();
        let end = rest.find('}').ok_or("a bad unicode escape")?;
        let hex = rest.get(1..end).ok_or("a bad unicode escape")?;
        self.at += end + 1;
        u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| "a bad unicode escape".to_owned())
    }

    /// A number, a uuid, a date, `None`, `true`, or a wrapper `Name(inner)`.
    fn bare(&mut self) -> Result<Bind, String> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| !matches!(c, ',' | ']' | '(' | ')' | '{' | '}') && !c.is_whitespace())
        {
            self.at += 1;
        }
        let token: String = self.chars[start..self.at].iter().collect();
        match self.peek() {
            Some('(') => {
                self.at += 1;
                let inner = self.value()?;
                self.skip_spaces();
                if self.peek() != Some(')') {
                    return Err(format!("`{token}(` is not closed"));
                }
                self.at += 1;
                Ok(match inner {
                    // An enum wrapper's variant: `MediaTypeSql(Book)` is 'book'.
                    Bind::Bare(variant)
                        if variant.chars().next().is_some_and(char::is_uppercase) =>
                    {
                        Bind::Bare(snake_case(&variant))
                    }
                    other => other,
                })
            }
            Some('{') => Err(format!("`{token} {{…}}` cannot be explained")),
            _ if token == "None" => Ok(Bind::Null),
            _ if token.is_empty() => Err("an empty value".to_owned()),
            _ => Ok(Bind::Bare(token)),
        }
    }
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diesel_binds_become_quoted_literals() {
        let (sql, binds) = split(
            r#"SELECT 1 WHERE a = $1 -- binds: ["sha\"dow", [], 0, 20, Some(5f0c6f9e-6a4b-4c3e-9d1a-2b3c4d5e6f70), None, ["book", "music"]]"#,
        )
        .unwrap();
        assert_eq!(sql, "SELECT 1 WHERE a = $1");
        assert_eq!(
            binds,
            vec![
                r#"'sha"dow'"#,
                "'{}'",
                "'0'",
                "'20'",
                "'5f0c6f9e-6a4b-4c3e-9d1a-2b3c4d5e6f70'",
                "NULL",
                r#"'{"book","music"}'"#,
            ]
        );
    }

    #[test]
    fn enum_wrappers_timestamps_and_escapes_are_read() {
        let (_, binds) = split(
            r#"X -- binds: [MediaTypeSql(Book), WantToConsume, 2026-12-07T05:52:14.123Z, "O'Brien \u{e9}"]"#,
        )
        .unwrap();
        assert_eq!(
            binds,
            vec![
                "'book'",
                "'WantToConsume'",
                "'2026-12-07T05:52:14.123Z'",
                "'O''Brien é'"
            ]
        );
    }

    #[test]
    fn a_statement_without_binds_and_unreadable_binds() {
        assert_eq!(split("BEGIN").unwrap(), ("BEGIN".to_owned(), Vec::new()));
        assert!(split("X -- binds: [Row { a: 1 }]").is_err());
        assert!(split("X -- binds: [\"open").is_err());
    }
}
