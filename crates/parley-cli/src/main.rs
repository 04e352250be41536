//! The `parley` command: a thin layer over the parley library crates.
//! Each subcommand lives in its own module; this file only dispatches.

mod alloc;
mod bench;
mod code;
mod eval;
mod store_cmds;

use clap::{Parser, Subcommand};

#[global_allocator]
static GLOBAL: alloc::Mimalloc = alloc::Mimalloc;

#[derive(Parser)]
#[command(
    name = "parley",
    version,
    about = "News in, sourced PLOVER event data out."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code news articles (text or JSONL) into PLOVER event records.
    Code(code::Args),
    /// Score coding quality against gold standards.
    Eval(eval::Args),
    /// Read sources (text, HTML, feeds, WARC, JSONL) into the event store.
    Ingest(store_cmds::IngestArgs),
    /// List stored events with filters.
    Events(store_cmds::EventsArgs),
    /// Export stored events (jsonl, csv, parquet).
    Export(store_cmds::ExportArgs),
    /// List negotiation threads.
    Threads(store_cmds::ThreadsArgs),
    /// Show one negotiation thread as a timeline.
    Thread(store_cmds::ThreadArgs),
    /// Measure coding speed, memory and start-up.
    Bench(bench::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(a) => code::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Ingest(a) => store_cmds::ingest(a),
        Command::Events(a) => store_cmds::events(a),
        Command::Export(a) => store_cmds::export(a),
        Command::Threads(a) => store_cmds::threads(a),
        Command::Thread(a) => store_cmds::thread(a),
        Command::Bench(a) => bench::run(a),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("parley: error: {e:#}");
            std::process::exit(2);
        }
    }
}
