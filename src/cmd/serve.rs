//! `quire serve`.

use super::exit;
use crate::cli::ServeArgs;
use crate::serve::{normalise_base_path, Options};

pub fn run(args: ServeArgs) -> anyhow::Result<i32> {
    let options = Options {
        overrides: args.site.overrides(None),
        host: args.host,
        port: args.port,
        base_path: normalise_base_path(&args.base_path)?,
        open: args.open,
        poll: args.poll,
        quiet: args.verbosity.quiet,
    };
    crate::serve::run(options)?;
    Ok(exit::OK)
}
