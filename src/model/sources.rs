//! The sources registry: `content/sources/<slug>.md`, one file per source
//! (a government, a ministry, a person, an outlet), its aliases, what it is
//! part of, and how `attributed_to` names resolve to it.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, nearest, valid_values_help};
use crate::load::{Attribution, Config, Parsed, SourceFront};

/// One source of the registry.
#[derive(Clone, Debug)]
pub struct Source {
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    /// The source this one is part of or speaks for.
    pub part_of: Option<usize>,
    /// The sources that are part of this one, by slug.
    pub parts: Vec<usize>,
    /// Index into `config.affiliations`.
    pub affiliation: Option<usize>,
    /// The description, markdown.
    pub description: String,
    pub file: String,
    /// Byte offset of the description in its file.
    pub body_start: usize,
    /// 1 for a source with no `part_of`, 2 for its parts, ...
    pub depth: usize,
    /// The source it is counted as: itself, or its parent at the level
    /// `[independence] level` of config.toml names.
    pub counted_as: usize,
}

/// Every source, sorted by slug, and the names that find them.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub sources: Vec<Source>,
    /// Normalised slug, name or alias -> source.
    names: BTreeMap<String, usize>,
}

/// One name of an `attributed_to`, resolved if the registry knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cited {
    /// As written in the claim file.
    pub name: String,
    pub source: Option<usize>,
}

/// How names are compared: case, spaces and apostrophes do not matter.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

impl Registry {
    /// Reads the parsed source files; every problem goes to `diags`.
    pub fn build(
        config: &Config,
        files: &[Parsed<SourceFront>],
        diags: &mut Diagnostics,
    ) -> Registry {
        let mut files: Vec<&Parsed<SourceFront>> = files.iter().collect();
        files.sort_by(|a, b| a.slug.cmp(&b.slug));
        let slugs: Vec<&str> = files.iter().map(|f| f.slug.as_str()).collect();
        let affiliations: Vec<&str> = config
            .affiliations
            .iter()
            .map(|a| a.id.get_ref().as_str())
            .collect();
        let mut sources = Vec::with_capacity(files.len());
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        let mut origin: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (i, f) in files.iter().enumerate() {
            let file = &f.doc.file;
            let mut written: Vec<(&str, Option<std::ops::Range<usize>>, &str)> = vec![
                (f.slug.as_str(), None, "slug"),
                (f.front.name.as_str(), None, "name"),
            ];
            written.extend(
                f.front
                    .aliases
                    .iter()
                    .map(|a| (a.get_ref().as_str(), Some(a.span()), "alias")),
            );
            for (name, span, what) in written {
                let key = name_key(name);
                match names.get(&key) {
                    Some(&j) if j != i => {
                        let (other, their) = origin.get(&key).cloned().unwrap_or_default();
                        let d = Diagnostic::error(
                            "duplicate-alias",
                            format!("`{name}` already names the source `{}`", slugs[j]),
                        )
                        .note(format!("{other} has it as its {their}"))
                        .help("a name must find one source: remove it here or there, or make one source `part_of` the other");
                        diags.push(match span {
                            Some(s) => d.at(file, f.doc.span(s)).label("names another source"),
                            None => d.in_file(file),
                        });
                    }
                    Some(_) => {}
                    None => {
                        names.insert(key.clone(), i);
                        origin.insert(key, (f.doc.file.clone(), what.to_string()));
                    }
                }
            }
            let part_of = f.front.part_of.as_ref().and_then(|p| {
                let found = slugs.binary_search(&p.get_ref().as_str()).ok();
                if found.is_none() {
                    let mut d = Diagnostic::error(
                        "unknown-part-of",
                        format!("no source `{}` for `part_of`", p.get_ref()),
                    )
                    .at(file, f.doc.span(p.span()))
                    .label("not a source's slug");
                    d = match nearest(p.get_ref(), slugs.iter().copied()) {
                        Some(n) => d.help(format!("did you mean `{n}`?")),
                        None => d.help(format!(
                            "write content/sources/{}.md for it, or give the slug of an existing source",
                            crate::slug::suggest(p.get_ref())
                        )),
                    };
                    diags.push(d);
                }
                found
            });
            let affiliation = f.front.affiliation.as_ref().and_then(|a| {
                let found = affiliations.iter().position(|x| x == a.get_ref());
                if found.is_none() {
                    diags.push(
                        Diagnostic::error(
                            "unknown-affiliation",
                            format!("no affiliation `{}` in config.toml", a.get_ref()),
                        )
                        .at(file, f.doc.span(a.span()))
                        .label("not an affiliation id")
                        .help(if affiliations.is_empty() {
                            "define the labels in config.toml: [[affiliations]] with id and label"
                                .to_string()
                        } else {
                            valid_values_help(a.get_ref(), &affiliations)
                        }),
                    );
                }
                found
            });
            sources.push(Source {
                slug: f.slug.clone(),
                name: f.front.name.clone(),
                aliases: f
                    .front
                    .aliases
                    .iter()
                    .map(|a| a.get_ref().clone())
                    .collect(),
                kind: f.front.kind.clone(),
                part_of,
                parts: Vec::new(),
                affiliation,
                description: f.doc.body_text().to_string(),
                file: file.clone(),
                body_start: f.doc.body.start,
                depth: 1,
                counted_as: i,
            });
        }
        check_cycles(&files, &mut sources, diags);
        for i in 0..sources.len() {
            if let Some(p) = sources[i].part_of {
                sources[p].parts.push(i);
            }
        }
        let level = (*config.independence.level.get_ref()).max(1) as usize;
        for i in 0..sources.len() {
            let chain = ancestors(&sources, i);
            sources[i].depth = chain.len();
            // chain: [i, parent, ..., top]; the one at depth `level` from the top.
            sources[i].counted_as = if chain.len() > level {
                chain[chain.len() - level]
            } else {
                i
            };
        }
        Registry { sources, names }
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The source a name finds: its slug, name or one of its aliases.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.get(&name_key(name)).copied()
    }

    /// The source whose name, alias or slug is nearest to `name`.
    pub fn nearest(&self, name: &str) -> Option<usize> {
        // Stricter than a key's typo: "the ministry" is not "the government".
        let key = name_key(name);
        let (score, best) = self
            .names
            .iter()
            .map(|(k, &i)| (strsim::jaro_winkler(&key, k), i))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))?;
        (score >= 0.88).then_some(best)
    }

    /// `source` and the sources it is part of, nearest first.
    pub fn ancestors(&self, source: usize) -> Vec<usize> {
        ancestors(&self.sources, source)
    }

    /// Resolves the names of an `attributed_to`; a name the registry does
    /// not know is an `unknown-source` warning (only on a site that has a
    /// registry: without one, attributions stay free text).
    pub fn cite(
        &self,
        attribution: &toml::Spanned<Attribution>,
        file: &str,
        span: std::ops::Range<usize>,
        diags: &mut Diagnostics,
    ) -> Vec<Cited> {
        let mut out = Vec::new();
        for name in attribution.get_ref().names() {
            let source = self.find(name);
            if source.is_none() && !self.is_empty() {
                diags.push(self.unknown(name, file, span.clone()));
            }
            out.push(Cited {
                name: name.to_string(),
                source,
            });
        }
        out
    }

    fn unknown(&self, name: &str, file: &str, span: std::ops::Range<usize>) -> Diagnostic {
        let mut d = Diagnostic::warning(
            "unknown-source",
            format!("no source `{name}` in content/sources/"),
        )
        .at(file, span)
        .label("not a source's slug, name or alias");
        let mut or = "";
        if let Some(n) = self.nearest(name) {
            let s = &self.sources[n];
            d = d.help(format!(
                "did you mean `{}` ({})? if it is the same source, add `{name}` to the aliases in {}",
                s.slug, s.name, s.file
            ));
            or = "or ";
        }
        d.help(format!(
            "{or}write content/sources/{}.md:\n+++\nname = \"{}\"\nkind = \"...\"  # government, person, media outlet, ...\n+++",
            crate::slug::suggest(name),
            name.replace('"', "\\\"")
        ))
    }
}

fn ancestors(sources: &[Source], i: usize) -> Vec<usize> {
    let mut chain = vec![i];
    let mut cur = sources[i].part_of;
    // Bounded: a cycle is an error, reported and cut when the registry is built.
    while let Some(p) = cur {
        if chain.contains(&p) || chain.len() > sources.len() {
            break;
        }
        chain.push(p);
        cur = sources[p].part_of;
    }
    chain
}

/// Reports every `part_of` circle once, at the file of its first source by
/// slug, and cuts it there so that counting always ends.
fn check_cycles(files: &[&Parsed<SourceFront>], sources: &mut [Source], diags: &mut Diagnostics) {
    for i in 0..sources.len() {
        let mut seen = vec![i];
        let mut cur = sources[i].part_of;
        while let Some(j) = cur {
            if j == i {
                let circle: Vec<&str> = seen.iter().map(|&k| sources[k].slug.as_str()).collect();
                let f = files[i];
                let mut d = Diagnostic::error(
                    "part-of-cycle",
                    format!(
                        "`part_of` goes round in a circle from `{}`",
                        sources[i].slug
                    ),
                )
                .note(format!("{} -> {}", circle.join(" -> "), sources[i].slug))
                .help("one source of the circle must be the top: remove its part_of");
                if let Some(p) = &f.front.part_of {
                    d = d
                        .at(&f.doc.file, f.doc.span(p.span()))
                        .label("part of a circle");
                }
                diags.push(d);
                sources[i].part_of = None;
                break;
            }
            if seen.contains(&j) {
                break;
            }
            seen.push(j);
            cur = sources[j].part_of;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn config(level: i64) -> Config {
        let text = format!(
            "title = \"t\"\nbase_url = \"https://x.example\"\n[independence]\nlevel = {level}\n[[ratings]]\nid = \"a\"\nlabel = \"A\"\nvalue = 1\n"
        );
        toml::from_str(&text).unwrap()
    }

    fn source(slug: &str, front: &str) -> Parsed<SourceFront> {
        let text = format!("+++\n{front}\n+++\n");
        let doc = crate::load::frontmatter::split(
            &format!("content/sources/{slug}.md"),
            Arc::from(text.as_str()),
        )
        .unwrap();
        let front = toml::from_str(doc.front_text()).unwrap();
        Parsed {
            slug: slug.to_string(),
            doc,
            front,
        }
    }

    fn registry(level: i64) -> (Registry, Diagnostics) {
        let files = [
            source(
                "ukraine",
                "name = \"Government of Ukraine\"\naliases = [\"Kyiv\"]",
            ),
            source(
                "hur",
                "name = \"HUR\"\npart_of = \"mod\"\naliases = [\"Budanov\"]",
            ),
            source(
                "mod",
                "name = \"Ministry of Defence\"\npart_of = \"ukraine\"",
            ),
            source(
                "zelenskyy",
                "name = \"Volodymyr Zelenskyy\"\npart_of = \"ukraine\"",
            ),
        ];
        let mut diags = Diagnostics::new();
        (Registry::build(&config(level), &files, &mut diags), diags)
    }

    #[test]
    fn names_find_sources_whatever_the_case_spaces_and_apostrophes() {
        let (r, diags) = registry(1);
        assert!(diags.is_empty());
        let slug = |name: &str| r.find(name).map(|i| r.sources[i].slug.as_str());
        assert_eq!(slug("kyiv"), Some("ukraine"));
        assert_eq!(slug("  Government   of ukraine "), Some("ukraine"));
        assert_eq!(slug("hur"), Some("hur"));
        assert_eq!(slug("BUDANOV"), Some("hur"));
        assert_eq!(name_key("Ukraine’s  HUR"), name_key("ukraine's hur"));
        assert_eq!(slug("Moscow"), None);
    }

    #[test]
    fn sources_count_as_their_ancestor_at_the_level() {
        let counted = |level: i64, slug: &str| {
            let (r, _) = registry(level);
            let i = r.find(slug).unwrap();
            r.sources[r.sources[i].counted_as].slug.clone()
        };
        assert_eq!(counted(1, "hur"), "ukraine");
        assert_eq!(counted(1, "zelenskyy"), "ukraine");
        assert_eq!(counted(2, "hur"), "mod");
        assert_eq!(counted(2, "zelenskyy"), "zelenskyy");
        assert_eq!(counted(3, "hur"), "hur");
        assert_eq!(counted(2, "ukraine"), "ukraine");
    }

    #[test]
    fn a_circle_is_reported_once_and_cut() {
        let files = [
            source("a", "name = \"A\"\npart_of = \"b\""),
            source("b", "name = \"B\"\npart_of = \"a\""),
        ];
        let mut diags = Diagnostics::new();
        let r = Registry::build(&config(1), &files, &mut diags);
        assert_eq!(diags.error_count(), 1);
        // Counting ends: every source has a top.
        for s in &r.sources {
            assert!(r.ancestors(r.find(&s.slug).unwrap()).len() <= 2);
        }
    }
}
