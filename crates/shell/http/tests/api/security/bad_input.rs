//! The bad-input sweep (issue 14 item 2, API.md §1.2, §1.4, §1.5): every operation of
//! the served OpenAPI document × every kind of hostile input that applies to it, as the
//! owner of real resources. Each answer is a 4xx JSON envelope naming the field, or a
//! 2xx where the input is legitimate data; never a 5xx; and a refused request changes no
//! row of any table (counts and contents compared before and after).

use actix_web::http::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderValue};
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use tastebuds_http::startup::MAX_BODY_BYTES;
use uuid::Uuid;

use super::matrix::{fill, request, uri};
use super::support::{Fixture, SecurityApp};
use super::table::{Entry, entries};
use crate::helpers::{Answer, call, offline_state};

/// Text that looks like SQL: it must be stored and matched as data.
pub const SQL: &str = "x'); DROP TABLE menus; -- \" OR 1=1; DELETE FROM users WHERE ''='";
/// Emoji (with joiners and a flag), Arabic and Hebrew right-to-left text, and marks.
pub const WORLD: &str = "🍣 مرحبا بالعالم 👩‍👩‍👧‍👦 שלום 🇯🇵 \u{202e}reversed\u{202c} Ünïcødé";

/// `{"title": "<16 MiB of spaces>"}`, gzipped to 16 KiB.
const BOMB: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/security/bomb.json.gz"
));

/// Members that hold free text, which any character but NUL may fill.
const FREE_TEXT: [&str; 7] = [
    "title",
    "name",
    "description",
    "notes",
    "relationship",
    "display_name",
    "goal_target",
];

/// Every string in `value`.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(text) => vec![text.as_str()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(members) => members.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// What a probe must get.
#[derive(Clone, Debug)]
enum Expect {
    /// Exactly this 4xx; with `loc`, a 422 item at that location.
    Refused { status: u16, loc: Option<Value> },
    /// Legitimate or not: any status below 500; a 4xx is a JSON `detail` (naming `loc`
    /// when it is a 422) and writes nothing.
    Handled { loc: Option<Value> },
    /// Legitimate text: a 2xx whose answer holds the text exactly.
    RoundTrip { text: String },
    /// Extra members: ignored, so none of the injected values comes back.
    Ignored { injected: Vec<String> },
}

/// One hostile request.
struct Probe {
    label: String,
    method: &'static str,
    uri: String,
    content_type: Option<&'static str>,
    body: Option<Vec<u8>>,
    /// Sent instead of the owner's token.
    credential: Option<(&'static str, Vec<u8>)>,
    /// The `Content-Encoding` header.
    encoding: Option<&'static str>,
    expect: Expect,
}

impl Probe {
    fn request(&self, token: &str) -> TestRequest {
        let mut request = TestRequest::default()
            .method(self.method.parse().expect("an HTTP method"))
            .uri(&self.uri);
        request = match &self.credential {
            Some((name, value)) => request.insert_header((
                *name,
                HeaderValue::from_bytes(value).expect("a header value"),
            )),
            None => request.insert_header(("authorization", format!("Bearer {token}"))),
        };
        if let Some(content_type) = self.content_type {
            request = request.insert_header((CONTENT_TYPE, content_type));
        }
        if let Some(encoding) = self.encoding {
            request = request.insert_header((CONTENT_ENCODING, encoding));
        }
        if let Some(body) = &self.body {
            request = request.set_payload(body.clone());
        }
        request
    }
}

/// The served document's operation object for `entry`.
async fn operations() -> Value {
    call(offline_state(), TestRequest::get().uri("/openapi.json"))
        .await
        .json()["paths"]
        .clone()
}

/// The parameters of `operation` located `in` (`path` or `query`): (name, schema text).
fn parameters(operation: &Value, location: &str) -> Vec<(String, String)> {
    operation["parameters"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|parameter| parameter["in"] == location)
        .map(|parameter| {
            (
                parameter["name"].as_str().unwrap_or_default().to_owned(),
                parameter["schema"].to_string(),
            )
        })
        .collect()
}

/// Every string and number leaf of `body`: its location under `body` and its value.
fn leaves(body: &Value) -> Vec<(Vec<Value>, Value)> {
    fn walk(value: &Value, path: &mut Vec<Value>, out: &mut Vec<(Vec<Value>, Value)>) {
        match value {
            Value::String(_) | Value::Number(_) => out.push((path.clone(), value.clone())),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(json!(index));
                    walk(item, path, out);
                    path.pop();
                }
            }
            Value::Object(members) => {
                for (key, member) in members {
                    path.push(json!(key));
                    walk(member, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(body, &mut Vec::new(), &mut out);
    out
}

/// Every non-empty array in `body` (the root included): its location and first element.
fn arrays(body: &Value) -> Vec<(Vec<Value>, Value)> {
    fn walk(value: &Value, path: &mut Vec<Value>, out: &mut Vec<(Vec<Value>, Value)>) {
        match value {
            Value::Array(items) => {
                if let Some(first) = items.first() {
                    out.push((path.clone(), first.clone()));
                }
                for (index, item) in items.iter().enumerate() {
                    path.push(json!(index));
                    walk(item, path, out);
                    path.pop();
                }
            }
            Value::Object(members) => {
                for (key, member) in members {
                    path.push(json!(key));
                    walk(member, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(body, &mut Vec::new(), &mut out);
    out
}

/// `body` with the leaf at `path` replaced by `value`.
fn replaced(body: &Value, path: &[Value], value: Value) -> Value {
    let mut body = body.clone();
    let mut at = &mut body;
    for segment in path {
        at = match segment {
            Value::Number(index) => {
                &mut at[usize::try_from(index.as_u64().unwrap_or(0)).unwrap_or(0)]
            }
            other => &mut at[other.as_str().unwrap_or_default()],
        };
    }
    *at = value;
    body
}

fn loc(location: &str, path: &[Value]) -> Value {
    let mut loc = vec![json!(location)];
    loc.extend_from_slice(path);
    Value::Array(loc)
}

/// The probes for one operation.
fn probes(entry: &Entry, operation: &Value, f: &Fixture) -> Vec<Probe> {
    let mut probes = Vec::new();
    let method = entry.method;
    let valid_uri = uri(entry, f, false);
    let probe = |label: String, uri: String, content_type, body: Option<Vec<u8>>, expect| Probe {
        label,
        method,
        uri,
        content_type,
        body,
        credential: None,
        encoding: None,
        expect,
    };
    let json_type = Some("application/json");
    let valid_body = (entry.body)(f).map(|body| body.to_string().into_bytes());
    let valid_type = valid_body.as_ref().and(json_type);

    if operation.get("requestBody").is_some() {
        let valid = (entry.body)(f).expect("a body for an operation that takes one");
        let text = valid.to_string();
        let refused = |loc: Option<Value>| Expect::Refused { status: 422, loc };
        probes.push(probe(
            "malformed JSON".into(),
            valid_uri.clone(),
            json_type,
            Some(text.as_bytes()[..text.len() - 1].to_vec()),
            refused(None),
        ));
        probes.push(probe(
            "trailing garbage".into(),
            valid_uri.clone(),
            json_type,
            Some(format!("{text} {{").into_bytes()),
            refused(None),
        ));
        for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
            probes.push(probe(
                format!("JSON sent as {content_type}"),
                valid_uri.clone(),
                Some(content_type),
                Some(text.clone().into_bytes()),
                refused(Some(json!(["body"]))),
            ));
        }
        let mut invalid_utf8 = b"{\"title\": \"".to_vec();
        invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xc0, 0xaf]);
        invalid_utf8.extend_from_slice(b"\"}");
        probes.push(probe(
            "invalid UTF-8 in the body".into(),
            valid_uri.clone(),
            json_type,
            Some(invalid_utf8),
            refused(None),
        ));
        let padding = "x".repeat(MAX_BODY_BYTES);
        probes.push(probe(
            format!("a body over the {MAX_BODY_BYTES}-byte limit"),
            valid_uri.clone(),
            json_type,
            Some(json!({ "padding": padding }).to_string().into_bytes()),
            Expect::Refused {
                status: 413,
                loc: None,
            },
        ));
        for (label, encoding, body, status) in [
            (
                "a gzip body that inflates to 16 MiB",
                "gzip",
                BOMB.to_vec(),
                413,
            ),
            (
                "plain JSON declared gzip",
                "gzip",
                text.clone().into_bytes(),
                400,
            ),
            (
                "an unknown content coding",
                "x-unheard-of",
                text.clone().into_bytes(),
                415,
            ),
        ] {
            let mut encoded = probe(
                label.into(),
                valid_uri.clone(),
                json_type,
                Some(body),
                Expect::Refused { status, loc: None },
            );
            encoded.encoding = Some(encoding);
            probes.push(encoded);
        }
        probes.push(probe(
            "JSON nested 100 000 deep".into(),
            valid_uri.clone(),
            json_type,
            Some("[".repeat(100_000).into_bytes()),
            refused(None),
        ));
        probes.push(probe(
            "a scalar instead of the body".into(),
            valid_uri.clone(),
            json_type,
            Some(b"42".to_vec()),
            refused(None),
        ));
        if let Value::Object(members) = &valid {
            let injected = Uuid::now_v7().to_string();
            let slug = format!("hijacked-{}", Uuid::now_v7().simple());
            let mut extra = members.clone();
            for (key, value) in [
                ("id", json!(injected)),
                ("owner_id", json!(f.stranger.id)),
                ("user_id", json!(f.stranger.id)),
                ("slug", json!(slug)),
                ("is_admin", json!(true)),
                ("unexpected", json!({"nested": [1, null]})),
            ] {
                extra.insert(key.to_owned(), value);
            }
            probes.push(probe(
                "unknown members (id, owner_id, slug, …)".into(),
                valid_uri.clone(),
                json_type,
                Some(Value::Object(extra).to_string().into_bytes()),
                Expect::Ignored {
                    injected: vec![injected, slug, f.stranger.id.clone()],
                },
            ));
        }
        for (path, element) in arrays(&valid) {
            let at = loc("body", &path);
            // Many copies, well under the body limit (more make the sweep slow: the
            // arrays have no length cap, and every copy is a row written).
            let copies = (MAX_BODY_BYTES * 3 / 4 / (element.to_string().len() + 1)).min(250);
            probes.push(probe(
                format!("{copies} copies of the element at {at}"),
                valid_uri.clone(),
                json_type,
                Some(
                    replaced(&valid, &path, Value::Array(vec![element; copies]))
                        .to_string()
                        .into_bytes(),
                ),
                Expect::Handled {
                    loc: Some(at.clone()),
                },
            ));
        }
        for (path, value) in leaves(&valid) {
            let at = loc("body", &path);
            let handled = Expect::Handled {
                loc: Some(at.clone()),
            };
            let with = |replacement: Value| {
                Some(
                    replaced(&valid, &path, replacement)
                        .to_string()
                        .into_bytes(),
                )
            };
            let Value::String(value) = value else {
                for number in [
                    json!(-1),
                    json!(0),
                    json!(2_147_483_648_i64),
                    json!(i64::MAX),
                    json!(i64::MIN),
                    json!(u64::MAX),
                    json!(1e300),
                    json!(1.5),
                    json!("7"),
                    json!(true),
                ] {
                    probes.push(probe(
                        format!("{number} as the number at {at}"),
                        valid_uri.clone(),
                        json_type,
                        with(number),
                        handled.clone(),
                    ));
                }
                continue;
            };
            if value.len() >= 10 && value.as_bytes()[4] == b'-' && value[..4].parse::<u16>().is_ok()
            {
                for extreme in [
                    "9999-12-31T23:59:59.999999Z",
                    "0000-01-01T00:00:00Z",
                    "-0001-01-01",
                    "+262142-12-31T00:00:00Z",
                    "262142-12-31",
                    "2025-02-30",
                    "2025-01-01T25:00:00Z",
                    "2025-01-01T00:00:00+99:00",
                ] {
                    probes.push(probe(
                        format!("{extreme:?} as the date at {at}"),
                        valid_uri.clone(),
                        json_type,
                        with(json!(extreme)),
                        handled.clone(),
                    ));
                }
            }
            if Uuid::parse_str(&value).is_ok() {
                for bad in [
                    "not-a-uuid",
                    "",
                    "00000000-0000-0000-0000-00000000000g",
                    SQL,
                ] {
                    probes.push(probe(
                        format!("{bad:?} as the id at {at}"),
                        valid_uri.clone(),
                        json_type,
                        with(json!(bad)),
                        refused(Some(at.clone())),
                    ));
                }
                probes.push(probe(
                    format!("a number as the id at {at}"),
                    valid_uri.clone(),
                    json_type,
                    with(json!(12345)),
                    refused(Some(at.clone())),
                ));
                continue;
            }
            probes.push(probe(
                format!("a NUL character at {at}"),
                valid_uri.clone(),
                json_type,
                with(json!(format!("{value}\u{0}tail"))),
                refused(Some(at.clone())),
            ));
            let free_text = path
                .last()
                .and_then(Value::as_str)
                .is_some_and(|key| FREE_TEXT.contains(&key));
            for (label, replacement) in [
                ("a 100 000-character string", "y".repeat(100_000)),
                ("SQL-looking text", SQL.to_owned()),
                ("emoji and right-to-left text", WORLD.to_owned()),
                ("an empty string", String::new()),
            ] {
                let expect = if free_text && (replacement == SQL || replacement == WORLD) {
                    Expect::RoundTrip {
                        text: replacement.clone(),
                    }
                } else {
                    handled.clone()
                };
                probes.push(probe(
                    format!("{label} at {at}"),
                    valid_uri.clone(),
                    json_type,
                    with(json!(replacement)),
                    expect,
                ));
            }
        }
    }

    for (name, schema) in parameters(operation, "path") {
        let with_segment = |segment: &str| {
            let template = entry.path.replace(&format!("{{{name}}}"), segment);
            fill(&template, f, false)
        };
        let at = json!(["path", name]);
        let is_uuid = schema.contains("uuid");
        let long = "a".repeat(8_192);
        let cases: [(&str, &str); 6] = [
            ("not a UUID", "not-a-uuid"),
            ("invalid UTF-8", "%FF%FE%C0%AF"),
            ("a NUL character", "ab%00cd"),
            ("an 8 KiB segment", long.as_str()),
            ("SQL-looking text", "1'%20OR%20'1'='1"),
            ("emoji", "%F0%9F%8D%A3"),
        ];
        for (label, segment) in cases {
            let expect = if is_uuid {
                Expect::Refused {
                    status: 422,
                    loc: Some(at.clone()),
                }
            } else {
                Expect::Handled {
                    loc: Some(at.clone()),
                }
            };
            probes.push(probe(
                format!("{label} as the path parameter {name}"),
                with_segment(segment),
                valid_type,
                valid_body.clone(),
                expect,
            ));
        }
    }

    let query = parameters(operation, "query");
    if !query.is_empty() {
        let base: Vec<(String, String)> = entry
            .query
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .filter_map(|pair| pair.split_once('='))
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect();
        let path = fill(entry.path, f, false);
        for (name, schema) in query {
            let with_value = |value: &str| {
                let mut pairs: Vec<String> = base
                    .iter()
                    .filter(|(key, _)| *key != name)
                    .map(|(key, value)| format!("{key}={value}"))
                    .collect();
                pairs.push(format!("{name}={value}"));
                format!("{path}?{}", pairs.join("&"))
            };
            let at = json!(["query", name]);
            let long = "q".repeat(10_000);
            let mut values = vec!["%FF%FE", "ab%00cd", "1'%20OR%20'1'='1", long.as_str()];
            if schema.contains("integer") {
                values.extend([
                    "-1",
                    "0",
                    "-9223372036854775808",
                    "9223372036854775807",
                    "99999999999999999999999",
                    "1.5",
                    "1e3",
                    "",
                ]);
            }
            if schema.contains("boolean") {
                values.extend(["maybe", "2"]);
            }
            for value in values {
                probes.push(probe(
                    format!("{name}={value}"),
                    with_value(value),
                    valid_type,
                    valid_body.clone(),
                    Expect::Handled {
                        loc: Some(at.clone()),
                    },
                ));
            }
        }
    }
    let security = operation["security"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    if !security.is_empty() {
        // An optional credential that is invalid is anonymous (API.md §6.5).
        let optional = security.iter().any(|requirement| requirement == &json!({}));
        for (label, header, value) in [
            ("an empty Bearer", "authorization", b"Bearer ".to_vec()),
            (
                "another scheme",
                "authorization",
                b"Basic YWRhOnNlY3JldA==".to_vec(),
            ),
            (
                "a token that is no JWT",
                "authorization",
                b"Bearer a.b.c".to_vec(),
            ),
            (
                "a 16 KiB token",
                "authorization",
                format!("Bearer {}", "A".repeat(16_384)).into_bytes(),
            ),
            (
                "non-ASCII bytes in the header",
                "authorization",
                b"Bearer \xff\xfe".to_vec(),
            ),
            (
                "an SQL-looking cookie",
                "cookie",
                format!("access_token={}", "x'%20OR%201=1--").into_bytes(),
            ),
        ] {
            let mut probe = probe(
                format!("{label} as the credential"),
                valid_uri.clone(),
                valid_type,
                valid_body.clone(),
                if optional {
                    Expect::Handled { loc: None }
                } else {
                    Expect::Refused {
                        status: 401,
                        loc: None,
                    }
                },
            );
            probe.credential = Some((header, value));
            probes.push(probe);
        }
    }
    probes
}

/// Whether a 422 answer lists an item at `loc`.
fn names(body: &Value, loc: &Value) -> bool {
    body["detail"].as_array().is_some_and(|items| {
        items.iter().any(|item| {
            let (Some(item), Some(loc)) = (item["loc"].as_array(), loc.as_array()) else {
                return false;
            };
            item.starts_with(loc)
        })
    })
}

/// Checks one answer; the violation, if any.
fn judge(probe: &Probe, answer: &Answer, wrote: bool) -> Option<String> {
    let status = answer.status.as_u16();
    let body: Option<Value> = serde_json::from_slice(&answer.body).ok();
    let shown = String::from_utf8_lossy(&answer.body);
    let shown = shown.chars().take(300).collect::<String>();
    if status >= 500 {
        return Some(format!("{status} {shown}"));
    }
    if (400..500).contains(&status) {
        let Some(body) = &body else {
            return Some(format!("{status} is not JSON: {shown}"));
        };
        if body.get("detail").is_none() {
            return Some(format!("{status} has no detail: {shown}"));
        }
        if wrote {
            return Some(format!("{status} but rows changed: {shown}"));
        }
    }
    match &probe.expect {
        Expect::Refused { status: want, loc } => {
            if status != *want {
                return Some(format!("expected {want}, got {status} {shown}"));
            }
            if let (Some(loc), Some(body)) = (loc, &body)
                && !names(body, loc)
            {
                return Some(format!("the 422 does not name {loc}: {shown}"));
            }
        }
        Expect::Handled { loc } => {
            if status == 422
                && let (Some(loc), Some(body)) = (loc, &body)
                && !names(body, loc)
            {
                return Some(format!("the 422 does not name {loc}: {shown}"));
            }
        }
        Expect::RoundTrip { text } => {
            let echoed = body
                .as_ref()
                .is_some_and(|body| strings(body).contains(&text.as_str()));
            if !answer.status.is_success() || !echoed {
                return Some(format!("not accepted as it is: {status} {shown}"));
            }
        }
        Expect::Ignored { injected } => {
            if let Some(value) = injected.iter().find(|value| shown.contains(value.as_str())) {
                return Some(format!("{status}: the injected {value} was taken: {shown}"));
            }
        }
    }
    None
}

/// The one refusal that writes by design: a refresh with an already rotated token revokes
/// the sessions descended from it (API.md §5.1, reuse detection), and answers 401.
fn allowed_write(entry: &Entry, table: &str) -> bool {
    entry.path == "/api/auth/refresh" && table == "refresh_tokens"
}

#[actix_web::test]
async fn every_operation_refuses_hostile_input_with_a_4xx_envelope_and_writes_nothing() {
    let app = SecurityApp::new().await;
    let paths = operations().await;
    let mut problems = Vec::new();
    let mut tried = 0;
    for entry in entries() {
        let operation = &paths[entry.path][entry.method.to_ascii_lowercase()];
        let fixture = Fixture::create(&app).await;
        for probe in probes(&entry, operation, &fixture) {
            let before = app.snapshot();
            let answer = app.send(probe.request(&fixture.owner.access)).await;
            let after = app.snapshot();
            tried += 1;
            if after.keys().ne(before.keys()) {
                problems.push(format!(
                    "{} {}: {}: a table vanished",
                    entry.method, entry.path, probe.label
                ));
            }
            let wrote = before.iter().any(|(table, state)| {
                after.get(table) != Some(state) && !allowed_write(&entry, table)
            });
            if let Some(problem) = judge(&probe, &answer, wrote) {
                problems.push(format!(
                    "{} {} ({}): {problem}",
                    entry.method, entry.path, probe.label
                ));
            }
        }
        // The operation still works after all that.
        let answer = app
            .send_as(
                Some(&fixture.owner.access),
                request(&entry, &fixture, false),
            )
            .await;
        if answer.status.is_server_error() {
            problems.push(format!(
                "{} {}: a valid call afterwards answered {}",
                entry.method, entry.path, answer.status
            ));
        }
    }
    println!("bad inputs tried: {tried}");
    assert!(tried > 500, "{tried} probes");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[actix_web::test]
async fn paging_values_out_of_range_are_422s_at_their_parameter_and_huge_offsets_are_empty_pages() {
    let app = SecurityApp::new().await;
    let fixture = Fixture::create(&app).await;
    let token = Some(fixture.owner.access.as_str());
    let refused = [
        ("/api/me/logs?limit=-1", "limit"),
        ("/api/me/logs?limit=0", "limit"),
        ("/api/me/logs?limit=201", "limit"),
        ("/api/me/logs?limit=9223372036854775807", "limit"),
        ("/api/me/logs?limit=99999999999999999999", "limit"),
        ("/api/me/logs?limit=ten", "limit"),
        ("/api/me/logs?offset=-1", "offset"),
        ("/api/me/logs?offset=-9223372036854775808", "offset"),
        ("/api/me/logs?offset=99999999999999999999", "offset"),
        ("/api/me/logs?offset=9223372036854775807", "offset"),
        ("/api/search?q=book&page=0", "page"),
        ("/api/search?q=book&page=-1", "page"),
        ("/api/search?q=book&page=99999999999999999999", "page"),
        ("/api/search?q=book&per_page=0", "per_page"),
        ("/api/search?q=book&per_page=-5", "per_page"),
        ("/api/search?q=book&per_page=51", "per_page"),
        (
            "/api/search?q=book&external_per_source=-1",
            "external_per_source",
        ),
    ];
    for (uri, parameter) in refused {
        let answer = app.send_as(token, TestRequest::get().uri(uri)).await;
        assert_eq!(answer.status.as_u16(), 422, "{uri}: {:?}", answer.body);
        assert!(
            names(&answer.json(), &json!(["query", parameter])),
            "{uri}: {}",
            answer.json()
        );
    }
    for uri in [
        "/api/me/logs?offset=2147483647",
        "/api/me/logs?limit=200&offset=2147483647",
    ] {
        let answer = app.send_as(token, TestRequest::get().uri(uri)).await;
        assert_eq!(answer.status.as_u16(), 200, "{uri}: {:?}", answer.body);
        assert_eq!(answer.json(), json!([]), "{uri}");
    }
    let far = app
        .send_as(
            token,
            TestRequest::get().uri("/api/search?q=book&page=4294967295&per_page=50"),
        )
        .await;
    assert!(
        far.status.as_u16() == 200 || far.status.as_u16() == 422,
        "a far page is empty or refused, never a fault: {:?}",
        far.body
    );
    if far.status.as_u16() == 200 {
        assert_eq!(far.json()["results"], json!([]));
    } else {
        assert!(names(&far.json(), &json!(["query", "page"])));
    }
}
