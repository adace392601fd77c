//! The `attest` command: a thin CLI over the library.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use attest::build::{BuildOptions, build};
use attest::diagnostics::Diagnostics;
use attest::serve::{DEFAULT_PORT, ServeOptions, serve};
use attest::write::Wait;
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
    /// Serve the site on 127.0.0.1 (a development server), rebuilding and reloading on every change.
    ///
    /// Builds the site into the output directory (as `attest build` does),
    /// serves it, watches config.toml, content/, seeds/, templates/ and
    /// static/, rebuilds on every change and reloads the pages open in the
    /// browser. A failed rebuild keeps the last good site and shows its
    /// errors over the page. The pages on disk are exactly what `attest
    /// build` writes: the live-reload script is added only as they are
    /// served.
    ///
    /// This is a development server, not a production server: put the
    /// output directory on a static host to publish it.
    Serve(ServeArgs),
    /// Start a claim or an article file with every key of the format.
    #[command(subcommand)]
    New(NewCommand),
    /// Find the passages a claim does not link yet, ranked, each with the
    /// reasons and an [[evidence]] block to paste.
    ///
    /// Reads the site as a build does and writes nothing. Each passage is
    /// suggested for a reason the editor can check: a near-copy of a linked
    /// passage, the claim's figure in any notation, the claim's topic, or a
    /// denial or caveat next to a linked passage. Link it, or settle it for
    /// good with [[not_evidence]]; then run it again.
    Suggest(SuggestArgs),
    /// Print what attest reads from a seed: the page's metadata and every block.
    ///
    /// Works on any seed, text (.txt) or saved web page (.html, .htm,
    /// .html.gz), inside a site or not. Blocks are numbered and classified
    /// as the article page shows them; hidden furniture says why it is
    /// hidden. Inside a site's seeds/ folder, the `furniture` list of the
    /// seed's article file applies.
    Text(TextArgs),
    /// Create a new site that builds at once, in DIR (default: the current folder).
    ///
    /// Writes config.toml (the title, base_url, publisher and rating scale,
    /// every key commented), a home page, about, methodology and corrections
    /// pages written as templates to adapt, one example claim on one example
    /// article and its seed, and a .gitignore. DIR must be new or empty
    /// (hidden entries such as .git are allowed).
    Init(InitArgs),
}

#[derive(Args, Debug)]
struct SuggestArgs {
    /// Only this claim (a slug); may be given several times.
    #[arg(long = "claim", value_name = "SLUG")]
    claims: Vec<String>,
    /// At most this many passages per claim.
    #[arg(long, value_name = "K", default_value_t = attest::suggest::DEFAULT_LIMIT)]
    limit: usize,
    /// Text for people, JSON for programs (docs/schemas/suggest.v1.json).
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// List, per article, the check-worthy passages no claim cites or
    /// settles, instead (docs/schemas/coverage.v1.json).
    #[arg(long)]
    coverage: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum FormatArg {
    Text,
    Json,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// The folder of the new site.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write the full demo site (18 claims on 5 articles) instead.
    #[arg(long)]
    example: bool,
}

#[derive(Args, Debug)]
struct TextArgs {
    /// The seed file.
    seed: PathBuf,
    /// `text` for people, `json` for programs (format version 1, see
    /// docs/schemas/text.v1.json).
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum TextFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// The port to listen on (0: any free port).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PORT)]
    port: u16,
    /// The address to listen on. Anything but a loopback address lets other
    /// machines reach the server.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    interface: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Watch by polling only, without native file events (for file systems
    /// where events do not arrive, such as some network drives).
    #[arg(long)]
    poll: bool,
}

#[derive(Subcommand, Debug)]
enum NewCommand {
    /// Write content/claims/<SLUG>.md, dated today.
    Claim {
        /// The claim's slug: lower-case letters, digits and `-`.
        slug: String,
    },
    /// Write content/articles/<slug>.md for a seed in seeds/.
    Article {
        /// The seed: a file name in seeds/, or a path to it.
        seed: PathBuf,
        /// The article's slug [default: made from the seed's file name].
        #[arg(long, value_name = "SLUG")]
        slug: Option<String>,
    },
}

#[derive(Args, Debug, Clone)]
struct Common {
    /// The site root: the folder with config.toml, content/ and seeds/.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    root: PathBuf,
    /// Where to write the site [default: public/ under the root].
    #[arg(long, value_name = "DIR", global = true)]
    output_dir: Option<PathBuf>,
    /// Publish at this address instead of config.toml's base_url (for a
    /// preview deployment): canonical links, feed, sitemap and ClaimReview.
    #[arg(long, value_name = "URL", global = true)]
    base_url: Option<String>,
    /// Include claims and pages marked draft = true.
    #[arg(long, global = true)]
    drafts: bool,
    /// Treat warnings as errors.
    #[arg(long, global = true)]
    strict: bool,
    /// Print the time of each stage and the peak memory after the summary.
    #[arg(long, global = true)]
    timings: bool,
    /// Fail at once if another build is writing the output directory, instead of waiting for it.
    #[arg(long, global = true)]
    no_wait: bool,
}

fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let common = cli.common;
    match cli.command {
        Some(Command::Serve(args)) => return run_serve(&common, &args),
        Some(Command::New(new)) => return run_new(&common, &new),
        Some(Command::Suggest(args)) => return run_suggest(&common, &args),
        Some(Command::Text(args)) => return run_text(&args),
        Some(Command::Init(args)) => return run_init(&args),
        _ => {}
    }
    let check_only = matches!(cli.command, Some(Command::Check));
    let mut options = build_options(&common);
    options.check_only = check_only;
    let report = build(&options);
    eprint!("{}", report.diagnostics.render(stderr_color()));
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

fn build_options(common: &Common) -> BuildOptions {
    let mut options = BuildOptions::new(&common.root);
    options.output_dir = common.output_dir.clone();
    options.drafts = common.drafts;
    options.strict = common.strict;
    options.base_url = common.base_url.clone();
    options.wait = if common.no_wait {
        Wait::NoWait
    } else {
        Wait::Block
    };
    options.on_wait = Some(tell_waiting);
    options
}

/// Said once when another build holds the output directory.
fn tell_waiting(out: &Path, holder: Option<u32>) {
    eprintln!(
        "waiting for {} to finish writing {} (pass --no-wait to fail instead)",
        attest::write::lock::describe_holder(holder),
        out.display()
    );
}

fn fail(diagnostics: &Diagnostics) -> ExitCode {
    eprint!("{}", diagnostics.render(stderr_color()));
    ExitCode::FAILURE
}

fn run_serve(common: &Common, args: &ServeArgs) -> ExitCode {
    let mut options = ServeOptions::new(build_options(common));
    options.port = args.port;
    options.interface = args.interface;
    options.open = args.open;
    options.poll = args.poll;
    options.timings = common.timings;
    match serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => fail(&d),
    }
}

fn run_suggest(common: &Common, args: &SuggestArgs) -> ExitCode {
    use attest::suggest::{Format, SuggestOptions, suggest};
    let options = SuggestOptions {
        build: build_options(common),
        claims: args.claims.clone(),
        limit: args.limit,
        format: match args.format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
        },
        coverage: args.coverage,
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let report = suggest(&options, &mut out);
    drop(out);
    if !report.succeeded {
        eprint!("{}", report.diagnostics.render(stderr_color()));
        let errors = report.diagnostics.error_count();
        eprintln!(
            "error: suggest stopped: {errors} error{} to fix first",
            if errors == 1 { "" } else { "s" }
        );
        return ExitCode::FAILURE;
    }
    eprintln!("{}", report.summary);
    ExitCode::SUCCESS
}

fn run_text(args: &TextArgs) -> ExitCode {
    match attest::seed_text::read(&args.seed) {
        Ok((t, warnings)) => {
            eprint!("{}", warnings.render(stderr_color()));
            let out = match args.format {
                TextFormat::Text => t.to_text(),
                TextFormat::Json => t.to_json(),
            };
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(d) => fail(&d),
    }
}

fn run_new(common: &Common, new: &NewCommand) -> ExitCode {
    let root = &common.root;
    let created = match new {
        NewCommand::Claim { slug } => {
            attest::scaffold::new_claim(root, slug, &attest::scaffold::today())
        }
        NewCommand::Article { seed, slug } => {
            attest::scaffold::new_article(root, seed, slug.as_deref())
        }
    };
    match created {
        Ok(c) => {
            println!("wrote {}", c.path.display());
            println!("next: {}", c.next);
            ExitCode::SUCCESS
        }
        Err(d) => fail(&d),
    }
}

fn run_init(args: &InitArgs) -> ExitCode {
    use attest::init::{Template, init};
    let template = if args.example {
        Template::Example
    } else {
        Template::Starter
    };
    match init(&args.dir, template) {
        Ok(done) => {
            done.report().iter().for_each(|line| println!("{line}"));
            ExitCode::SUCCESS
        }
        Err(d) => fail(&d),
    }
}

// Builds allocate millions of short-lived strings; mimalloc does it faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
