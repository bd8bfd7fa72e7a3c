//! `quire completions` and `quire man`: both generated from the clap
//! definition in `cli.rs`, so they cannot drift from the real options.

use super::exit;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use anyhow::Context;
use clap::CommandFactory;

pub fn completions(args: CompletionsArgs) -> anyhow::Result<i32> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "quire", &mut std::io::stdout());
    Ok(exit::OK)
}

pub fn man(args: ManArgs) -> anyhow::Result<i32> {
    let command = Cli::command();
    match args.out {
        None => clap_mangen::Man::new(command).render(&mut std::io::stdout())?,
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create folder `{}`", dir.display()))?;
            clap_mangen::generate_to(command, &dir)
                .with_context(|| format!("cannot write the pages into `{}`", dir.display()))?;
        }
    }
    Ok(exit::OK)
}
