//! The `attest` command: a thin CLI over the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use attest::build::{BuildOptions, build};
use clap::{Args, Parser, Subcommand};

/// Build a fact-check site: every claim linked to the exact passages of
/// the articles that assert, deny or qualify it.
#[derive(Parser, Debug)]
#[command(name = "attest", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    common: Common,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output directory (the default command).
    Build,
    /// Check everything a build checks, and write nothing.
    Check,
}

#[derive(Args, Debug, Clone)]
struct Common {
    /// The site root: the folder with config.toml, content/ and seeds/.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    root: PathBuf,
    /// Where to write the site [default: public/ under the root].
    #[arg(long, value_name = "DIR", global = true)]
    output_dir: Option<PathBuf>,
    /// Include claims and pages marked draft = true.
    #[arg(long, global = true)]
    drafts: bool,
    /// Treat warnings as errors.
    #[arg(long, global = true)]
    strict: bool,
    /// Print the time of each stage and the peak memory after the summary.
    #[arg(long, global = true)]
    timings: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let common = cli.common;
    let check_only = matches!(cli.command, Some(Command::Check));
    let options = BuildOptions {
        root: common.root.clone(),
        output_dir: common.output_dir.clone(),
        drafts: common.drafts,
        strict: common.strict,
        check_only,
    };
    let report = build(&options);
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", report.diagnostics.render(color));
    if report.succeeded {
        let out = options.output_dir();
        let summary = report.summary(check_only);
        if check_only {
            println!("{summary}");
        } else {
            println!("{summary} -> {}", out.display());
        }
        if common.timings {
            print!("{}", report.timings_table());
        }
        ExitCode::SUCCESS
    } else {
        let d = &report.diagnostics;
        let errors = d.error_count();
        let warnings = d.warning_count();
        let kept = if check_only {
            String::new()
        } else {
            format!("; {} was left unchanged", options.output_dir().display())
        };
        eprintln!(
            "error: build failed with {errors} error{}{}{kept}",
            if errors == 1 { "" } else { "s" },
            if warnings > 0 {
                format!(
                    " and {warnings} warning{}",
                    if warnings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            },
        );
        ExitCode::FAILURE
    }
}
