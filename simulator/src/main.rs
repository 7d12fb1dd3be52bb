//! `ispapi-sim`: run the simulator or fill its database.
//!
//!   ispapi-sim serve --db PATH [--port N] [--host 127.0.0.1] [--strict]
//!   ispapi-sim seed  --db PATH (--demo | --scale N) [--data FILE]

use ispapi_simulator::{seed, store::Store, Config};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  ispapi-sim serve --db PATH [--port N] [--host 127.0.0.1] [--strict]
  ispapi-sim seed  --db PATH (--demo | --scale N) [--data FILE]";

struct Args {
    db: Option<PathBuf>,
    port: u16,
    host: IpAddr,
    demo: bool,
    scale: Option<usize>,
    data: Option<PathBuf>,
    strict: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        db: None,
        port: 0,
        host: IpAddr::from([127, 0, 0, 1]),
        demo: false,
        scale: None,
        data: None,
        strict: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--strict" => a.strict = true,
            "--db" => a.db = Some(PathBuf::from(value("--db")?)),
            "--port" => {
                a.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port must be a number")?
            }
            "--host" => {
                a.host = value("--host")?
                    .parse()
                    .map_err(|_| "--host must be an IP address")?
            }
            "--demo" => a.demo = true,
            "--scale" => {
                a.scale = Some(
                    value("--scale")?
                        .parse()
                        .map_err(|_| "--scale must be a number")?,
                )
            }
            "--data" => a.data = Some(PathBuf::from(value("--data")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(a)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = argv.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let args = match parse(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(db) = args.db.clone() else {
        eprintln!("--db is required\n{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "serve" => serve(db, &args),
        "seed" => run_seed(db, &args),
        _ => Err(format!("unknown command {command:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ispapi-sim: {e}");
            ExitCode::FAILURE
        }
    }
}

fn data_file(args: &Args) -> Result<seed::SeedData, String> {
    seed::load(&args.data.clone().unwrap_or_else(seed::default_data_path))
}

fn run_seed(db: PathBuf, args: &Args) -> Result<(), String> {
    let data = data_file(args)?;
    let store = Store::open(&db).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let summary = match (args.demo, args.scale) {
        (true, None) => seed::demo(&store, &data)?,
        (false, Some(n)) => seed::scale(&store, &data, n)?,
        _ => {
            return Err(format!(
                "seed needs exactly one of --demo or --scale N\n{USAGE}"
            ))
        }
    };
    println!(
        "seeded {} domains in {:.1} s into {}",
        summary.domains,
        started.elapsed().as_secs_f64(),
        db.display()
    );
    println!("login: {}", summary.login);
    println!("password: {}", summary.password);
    Ok(())
}

fn serve(db: PathBuf, args: &Args) -> Result<(), String> {
    {
        // A fresh database gets the demo account, so `serve` alone gives a usable system.
        let store = Store::open(&db).map_err(|e| e.to_string())?;
        if store.account_count().map_err(|e| e.to_string())? == 0 {
            let summary = seed::demo(&store, &data_file(args)?)?;
            eprintln!(
                "empty database: seeded the demo account {} ({} domains)",
                summary.login, summary.domains
            );
        }
    }
    let mut config = Config::new(db, args.port);
    config.host = args.host;
    config.strict = args.strict;
    let running = ispapi_simulator::start(&config).map_err(|e| e.to_string())?;
    println!("listening on {}", running.url());
    let _ = std::io::stdout().flush();
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| e.to_string())?;
    let _ = rx.recv();
    running.stop();
    eprintln!("stopped");
    Ok(())
}
