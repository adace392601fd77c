//! `attest text`: what attest reads from one seed, text or web page, inside
//! or outside a site: the page's metadata and every block, numbered and
//! classified as the article page shows them. As text for people, or as
//! JSON (format version 1, `docs/schemas/text.v1.json`) for programs.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ingest::{BlockKind, Found, Metadata};
use crate::load::{Seed, SeedFormat};

/// The version of the JSON format; it changes only when a field changes meaning or goes.
pub const FORMAT_VERSION: u32 = 1;

/// One block as `attest text` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct BlockOut {
    pub kind: BlockKind,
    /// The block's anchor on the article page (`headline`, `h2`, `p7`), or
    /// `line-<n>` for furniture, which has none.
    pub id: String,
    /// The passage number, for paragraphs, captions and embeds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The line of the seed's text (for a web page, of its `text.txt`).
    pub line: usize,
    /// Byte range of the block in that text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// For furniture: why it is hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_because: Option<&'static str>,
}

/// What attest reads from one seed.
#[derive(Clone, Debug, Serialize)]
pub struct SeedText {
    pub version: u32,
    /// The seed's file name.
    pub seed: String,
    pub format: SeedFormat,
    /// What a web page says about itself; only the fields found.
    pub metadata: Metadata,
    pub blocks: Vec<BlockOut>,
    /// The text the blocks index into (for a web page, its `text.txt`).
    #[serde(skip)]
    pub text: String,
}

/// Reads the seed at `path`, with the warnings reading it gave. Inside a
/// site (a `seeds/` folder beside `config.toml`), the `furniture` list of
/// its article file applies.
pub fn read(path: &Path) -> Result<(SeedText, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !path.is_file() {
        diags.push(
            Diagnostic::error(
                "unknown-seed",
                format!("there is no file `{}`", path.display()),
            )
            .help("name a seed file: a .txt text or a saved web page (.html, .htm, .html.gz)"),
        );
        return Err(diags);
    }
    let Some(seed) = crate::load::read_seed_file(path, &name, &mut diags) else {
        return Err(diags);
    };
    let furniture = site_furniture(dir, &name);
    let listed: Vec<&str> = furniture.iter().map(String::as_str).collect();
    Ok((seed_text(&seed, &listed), diags))
}

/// The `furniture` list of the article file of seed `name`, when `dir` is a site's `seeds/`.
fn site_furniture(dir: &Path, name: &str) -> Vec<String> {
    let Some(root) = dir.parent() else {
        return Vec::new();
    };
    let is_seeds = dir.file_name().is_some_and(|n| n == "seeds");
    if !is_seeds || !root.join("config.toml").is_file() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(root.join("content/articles")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    for file in names {
        let mut ignored = Diagnostics::new();
        if let Some(a) = crate::load::load_article(root, &file, &mut ignored)
            && a.front.seed.get_ref() == name
        {
            return a
                .front
                .furniture
                .iter()
                .map(|f| f.get_ref().clone())
                .collect();
        }
    }
    Vec::new()
}

/// What attest reads from a loaded seed.
pub fn seed_text(seed: &Seed, extra_furniture: &[&str]) -> SeedText {
    let format = seed.format();
    let (seed, reading) = crate::articles::read_seed(seed, extra_furniture);
    let text = seed.text.get().to_string();
    let mut headings = 0;
    let blocks = reading
        .ingested
        .blocks
        .iter()
        .map(|b| {
            let id = match (b.kind, b.number) {
                (BlockKind::Furniture, _) => format!("line-{}", b.line),
                (_, Some(n)) => format!("p{n}"),
                (BlockKind::Title, _) => "headline".to_string(),
                _ => {
                    headings += 1;
                    format!("h{headings}")
                }
            };
            BlockOut {
                kind: b.kind,
                id,
                number: b.number,
                line: b.line as usize,
                start: b.range.start,
                end: b.range.end,
                text: text[b.range.clone()].to_string(),
                hidden_because: b.hidden_because,
            }
        })
        .collect();
    SeedText {
        version: FORMAT_VERSION,
        seed: seed.name.clone(),
        format,
        metadata: reading.metadata,
        blocks,
        text,
    }
}

impl SeedText {
    /// The JSON document, pretty-printed, with a final line end.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("plain data serialises");
        s.push('\n');
        s
    }

    /// The text form: the metadata, then one block per line, labelled as the
    /// article page labels it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let format = match self.format {
            SeedFormat::Text => "text",
            SeedFormat::Html => "web page",
        };
        out.push_str(&format!("{} ({format})\n", self.seed));
        let found: Vec<(&str, &Found)> = self
            .metadata
            .fields()
            .into_iter()
            .filter_map(|(k, f)| Some((k, f.as_ref()?)))
            .collect();
        if !found.is_empty() {
            out.push('\n');
            for (k, f) in found {
                out.push_str(&format!("{k:<10} {}  [{}]\n", f.value, f.source));
            }
        }
        out.push('\n');
        for b in &self.blocks {
            let label = match (b.kind, b.number) {
                (BlockKind::Title, _) => "headline".to_string(),
                (BlockKind::Heading, _) => b.id.clone(),
                (BlockKind::Caption, Some(n)) => format!("¶{n} caption"),
                (BlockKind::Embed, Some(n)) => format!("¶{n} embed"),
                (_, Some(n)) => format!("¶{n}"),
                (BlockKind::Furniture, _) => "hidden".to_string(),
                _ => String::new(),
            };
            out.push_str(&format!("{label:<12} {}", b.text));
            if let Some(why) = b.hidden_because {
                out.push_str(&format!("  [line {}: {why}]", b.line));
            }
            out.push('\n');
        }
        out
    }
}
