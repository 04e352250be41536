//! Store-facing subcommands: ingest, events, export, threads, thread (being written).

#[derive(clap::Args)]
pub struct IngestArgs {}
#[derive(clap::Args)]
pub struct EventsArgs {}
#[derive(clap::Args)]
pub struct ExportArgs {}
#[derive(clap::Args)]
pub struct ThreadsArgs {}
#[derive(clap::Args)]
pub struct ThreadArgs {}

pub fn ingest(_a: IngestArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not built yet")
}
pub fn events(_a: EventsArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not built yet")
}
pub fn export(_a: ExportArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not built yet")
}
pub fn threads(_a: ThreadsArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not built yet")
}
pub fn thread(_a: ThreadArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not built yet")
}
