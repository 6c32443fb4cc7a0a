//! `--record`: the recorded run of `docs/BENCHMARKS.md`, between two marker comments
//! (the text around them is kept).

use std::path::Path;

use anyhow::Context as _;

use crate::report::machine::Machine;
use crate::report::table::{Cells, Report};
use crate::report::targets::targets;

/// Opens the recorded section.
pub const BEGIN: &str = "<!-- recorded run: begin (written by `just bench --record`) -->";
/// Closes it.
pub const END: &str = "<!-- recorded run: end -->";

/// Replaces the recorded section of the file at `path` with this run.
///
/// # Errors
/// Fails when the file cannot be read or written, or lacks the markers.
pub fn record(path: &Path, report: &Report, machine: &Machine) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let updated = splice(&text, &render(report, machine))
        .with_context(|| format!("{} has no `{BEGIN}` … `{END}` section", path.display()))?;
    std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))
}

/// `text` with everything between the markers replaced by `section`.
fn splice(text: &str, section: &str) -> Option<String> {
    let start = text.find(BEGIN)? + BEGIN.len();
    let end = start + text[start..].find(END)?;
    Some(format!("{}\n{section}\n{}", &text[..start], &text[end..]))
}

/// The recorded section's Markdown.
#[must_use]
pub fn render(report: &Report, machine: &Machine) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Machine: {} ({} cores), {:.0} GiB RAM, PostgreSQL {}; commit `{}`; \
         command `{}`; the run took {:.0} s. wrk, PostgreSQL and the server share the cores.\n\n",
        machine.cpu,
        machine.cores,
        machine.memory_gib,
        machine.postgres,
        machine.commit,
        report.command,
        report.elapsed.as_secs_f64()
    ));
    for (size, seconds) in &report.loads {
        out.push_str(&format!(
            "Dataset {size} loaded in this run in {seconds:.0} s.\n"
        ));
    }
    out.push_str(&format!(
        "\nCeilings: bcrypt verify at cost {} on all cores {:.1}/s",
        report.bcrypt_cost, report.bcrypt_rate
    ));
    for (clients, result) in &report.pgbench {
        out.push_str(&format!(
            "; `pgbench -S` at {clients} connections {:.0} tps (mean {:.2} ms)",
            result.tps, result.latency_ms
        ));
    }
    out.push_str(".\n\n");
    out.push_str(
        "| scenario | items | conn | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU ms/req | peak RSS MiB | vs ceiling |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for row in &report.rows {
        let c = Cells::of(report, row);
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            c.scenario.replace('|', "\\|"),
            c.size,
            c.connections,
            c.rate,
            c.p50,
            c.p90,
            c.p99,
            c.max,
            c.errors,
            c.cpu,
            c.rss,
            c.ceiling
        ));
    }
    out.push_str("\nTargets of issue 13 (read from this run):\n\n| target | figure | verdict |\n|---|---|---|\n");
    for target in targets(report) {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            target.wanted,
            target.figure,
            target.verdict()
        ));
    }
    if !report.plans.is_empty() {
        out.push_str(&format!(
            "\nPlans at {} items (top lines):\n\n```text\n{}\n```\n",
            report.largest(),
            report.plans.join("\n")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_marked_section_is_replaced() {
        let text = format!("# Title\n\nkept\n\n{BEGIN}\nold run\n{END}\n\nalso kept\n");
        let spliced = splice(&text, "new run").unwrap();
        assert_eq!(
            spliced,
            format!("# Title\n\nkept\n\n{BEGIN}\nnew run\n{END}\n\nalso kept\n")
        );
        assert!(splice("no markers", "x").is_none());
    }

    #[test]
    fn the_section_has_the_machine_the_table_and_the_targets() {
        let report = Report {
            sizes: vec!["10k".to_owned()],
            command: "--quick".to_owned(),
            ..Report::default()
        };
        let machine = Machine {
            cpu: "Test CPU".to_owned(),
            cores: 2,
            memory_gib: 24.0,
            postgres: "15.2".to_owned(),
            commit: "abc".to_owned(),
        };
        let text = render(&report, &machine);
        assert!(text.contains("Test CPU (2 cores)"));
        assert!(text.contains("| scenario | items |"));
        assert!(text.contains("cold start to ready < 1 s |  | not measured |"));
    }
}
