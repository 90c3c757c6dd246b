fn main() {
    let path = std::env::args().nth(1).unwrap();
    let source = generator::parse::Source::from_path(std::path::Path::new(&path)).unwrap();
    let t = std::time::Instant::now();
    let doc = generator::parse::parse(&source);
    eprintln!("parse {:?}", t.elapsed());
    let doc = match doc { Ok(d) => d, Err(e) => { eprintln!("{e}"); std::process::exit(1) } };
    let t = std::time::Instant::now();
    match generator::lower::lower(&doc, &source, &generator::Selection::all()) {
        Ok(m) => {
            eprintln!("lower {:?}: {} types {} ops {} diags", t.elapsed(), m.types.len(), m.operations.len(), m.diagnostics.len());
            if std::env::args().nth(2).is_some() { println!("{}", serde_json::to_string_pretty(&m).unwrap()); }
            for d in &m.diagnostics { eprintln!("{d}"); }
        }
        Err(e) => { eprintln!("{e}"); std::process::exit(1) }
    }
}
