//! The `quire` binary: parse the command line, set up logging, dispatch,
//! and turn the outcome into an exit code.

use clap::Parser;
use quire::cli::{Cli, Command};
use quire::cmd::{self, exit};

fn main() {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build(args) => {
            init_logging(args.verbosity.verbose);
            cmd::build::run(args)
        }
        Command::Serve(args) => {
            init_logging(args.verbosity.verbose);
            cmd::serve::run(args)
        }
        Command::Check(args) => {
            init_logging(args.verbosity.verbose);
            cmd::check::run(args)
        }
        Command::Init(args) => {
            init_logging(false);
            cmd::init::run(args)
        }
        Command::Completions(args) => cmd::completions::completions(args),
        Command::Man(args) => cmd::completions::man(args),
    };
    let code = match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{}", quire::error::fatal_message(&error));
            exit::FATAL
        }
    };
    std::process::exit(code);
}

fn init_logging(verbose: bool) {
    use std::io::IsTerminal;
    let level = if verbose { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("QUIRE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let colour = cmd::wants_colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
}
