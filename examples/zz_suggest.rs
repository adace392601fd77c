use attest::build::{BuildOptions, model_stages};
use attest::diagnostics::Diagnostics;
use attest::discover::{Index, suggest::suggest};
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = args.get(1).cloned().unwrap_or(".".into());
    let only: Option<String> = args.get(2).cloned();
    let opts = BuildOptions::new(&root);
    let mut d = Diagnostics::new();
    let t = std::time::Instant::now();
    let (_, site) = model_stages(&opts, &mut d, &mut |_| {});
    let site = site.expect("model");
    eprintln!("model {:?} cpu {:.2}", t.elapsed(), cpu());
    let t = std::time::Instant::now();
    let index = Index::build(&site);
    eprintln!(
        "index {:?} units {} cpu {:.2}",
        t.elapsed(),
        index.units.len(),
        cpu()
    );
    let claims: Vec<usize> = (0..site.claims.len())
        .filter(|&i| only.as_ref().is_none_or(|o| &site.claims[i].slug == o))
        .collect();
    let t = std::time::Instant::now();
    let s = suggest(&site, &index, &claims, 10);
    eprintln!("suggest {:?} n={} cpu {:.2}", t.elapsed(), s.len(), cpu());
    if std::env::var("QUIET").is_ok() {
        return;
    }
    for x in s {
        println!(
            "{} | {} {} | {:.3} | {}",
            x.claim, x.article, x.location, x.score, x.exact
        );
        for r in &x.reasons {
            println!("      {}: {}", r.signal, r.text);
        }
    }
}
