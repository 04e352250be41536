//! Developer tool: prints the documents read from each argument (file, directory
//! or `-` for stdin) as JSONL on stdout and the errors on stderr. Not the CLI:
//! `parley ingest` is.

use std::path::Path;

use parley_ingest::{read_path, read_stdin, ReadOptions};

fn main() {
    let opts = ReadOptions::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = if args.is_empty() {
        vec!["-".to_string()]
    } else {
        args
    };
    for a in args {
        let it = if a == "-" {
            read_stdin(&opts)
        } else {
            read_path(Path::new(&a), &opts)
        };
        for item in it {
            match item {
                Ok(doc) => match serde_json::to_string(&doc) {
                    Ok(line) => println!("{line}"),
                    Err(e) => eprintln!("{}: cannot serialise: {e}", doc.id),
                },
                Err(e) => eprintln!("{e}"),
            }
        }
    }
}
