//! Where `replay --from` reads: a PostgreSQL URL or an SQLite file, shown without its password.

use std::path::PathBuf;

/// An event store.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// `postgres://` or `postgresql://` URL, as libpq reads it.
    Postgres(String),
    /// `sqlite:PATH`.
    Sqlite(PathBuf),
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_string())
    }
}

impl std::str::FromStr for Location {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(Location::Postgres(s.to_string()));
        }
        if let Some(path) = s.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err("`sqlite:` names no file; write sqlite:PATH".into());
            }
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        Err(format!(
            "`{}` is not an event store; give postgres://USER@HOST/DB or sqlite:PATH",
            redact_url(s)
        ))
    }
}

impl std::fmt::Display for Location {
    /// The location with any password replaced by `***`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Postgres(url) => f.write_str(&redact_url(url)),
            Location::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
        }
    }
}

impl Location {
    /// `text` with the location's password, as written and percent-decoded, replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        let Location::Postgres(url) = self else {
            return text.to_string();
        };
        let mut out = text.replace(url.as_str(), &redact_url(url));
        if let Some(secret) = password(url).filter(|p| !p.is_empty()) {
            out = out.replace(secret, "***");
            let decoded = percent_decode(secret);
            if !decoded.is_empty() {
                out = out.replace(&decoded, "***");
            }
        }
        out
    }
}

/// The password part of a URL's user info, as written.
fn password(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let userinfo = authority.rsplit_once('@')?.0;
    userinfo.split_once(':').map(|(_, p)| p)
}

/// A URL with its password replaced by `***`.
fn redact_url(url: &str) -> String {
    match password(url) {
        Some(p) => {
            let start = p.as_ptr() as usize - url.as_ptr() as usize;
            format!("{}***{}", &url[..start], &url[start + p.len()..])
        }
        None => url.to_string(),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        let l: Location = "postgres://app:s%40cret@db.example:5432/shop?sslmode=disable"
            .parse()
            .unwrap();
        assert_eq!(
            l.to_string(),
            "postgres://app:***@db.example:5432/shop?sslmode=disable"
        );
        let said = l.redact("password s@cret or s%40cret refused for postgres://app:s%40cret@db.example:5432/shop?sslmode=disable");
        assert!(
            !said.contains("s@cret") && !said.contains("s%40cret"),
            "{said}"
        );
        let plain: Location = "postgresql://app@db/shop".parse().unwrap();
        assert_eq!(plain.to_string(), "postgresql://app@db/shop");
    }

    #[test]
    fn sqlite_paths_and_unknown_schemes() {
        assert_eq!(
            "sqlite:/tmp/x.db".parse::<Location>().unwrap(),
            Location::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(
            "sqlite://rel.db".parse::<Location>().unwrap(),
            Location::Sqlite("rel.db".into())
        );
        assert!("sqlite:".parse::<Location>().is_err());
        let e = "mysql://u:pw@h/db".parse::<Location>().unwrap_err();
        assert!(!e.contains("pw") && e.contains("postgres://"), "{e}");
    }
}
