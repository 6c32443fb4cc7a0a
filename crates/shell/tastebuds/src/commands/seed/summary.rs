//! The end of a seed run: where to go next, with the demo user's credentials and the
//! URLs of the public menu and the share link.

use tastebuds_http::Settings;

use super::account::{DEMO_EMAIL, DEMO_PASSWORD, DemoUser};
use super::menus::MenusOutcome;

/// The base URL the server `settings` describe answers on, as a client on this machine
/// reaches it (a wildcard bind address becomes the loopback one).
pub fn base_url(settings: &Settings) -> String {
    let host = match settings.server.host.as_str() {
        "0.0.0.0" | "" => "127.0.0.1".to_owned(),
        "::" => "[::1]".to_owned(),
        host if host.contains(':') => format!("[{host}]"),
        host => host.to_owned(),
    };
    match settings.server.port {
        // The server picks a free port at start-up: its log says which.
        0 => format!("http://{host}:<port>"),
        port => format!("http://{host}:{port}"),
    }
}

/// The summary lines.
pub fn lines(
    settings: &Settings,
    user: DemoUser,
    menus: &MenusOutcome,
    changed: bool,
) -> Vec<String> {
    let base = base_url(settings);
    let password = match user {
        DemoUser::OtherPassword(_) => "(the password you set: not the documented one)",
        _ => DEMO_PASSWORD,
    };
    let expires = menus.share_link.expires_at.map_or_else(
        || "never expires".to_owned(),
        |at| format!("expires {}", at.format("%Y-%m-%d %H:%M UTC")),
    );
    let mut lines = vec![
        if changed {
            "seed: done".to_owned()
        } else {
            "seed: done (everything was already seeded: nothing changed)".to_owned()
        },
        String::new(),
        "Demo data:".to_owned(),
        format!("  email        {DEMO_EMAIL}"),
        format!("  password     {password}"),
        format!(
            "  public menu  {base}/api/public/menus/{}   (\"{}\")",
            menus.public.slug.as_str(),
            menus.public.title.as_str()
        ),
        format!(
            "  share link   {base}/api/public/menus/draft/{}   (private menu \"{}\", {expires})",
            menus.share_link.token,
            menus.private.title.as_str()
        ),
        String::new(),
        "Start the server (`just run`, or target/release/tastebuds serve), then sign in:"
            .to_owned(),
    ];
    if !matches!(user, DemoUser::OtherPassword(_)) {
        lines.push(format!(
            "  curl -s {base}/api/auth/login -H 'content-type: application/json' \
             -d '{{\"email\":\"{DEMO_EMAIL}\",\"password\":\"{DEMO_PASSWORD}\"}}'"
        ));
    }
    lines
}
