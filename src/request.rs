//! The HTTP request that asks the provider to place a confirmation call, built to be
//! passed straight to `fetch`.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{quote_input, Error, ErrorKind, Result};
use crate::field::decimal;
use crate::phone_number::normalize_phone_number;

/// The provider's API host (Integrations > For developers > Paid methods).
pub const DEFAULT_BASE_URL: &str = "https://paidmethods.kompaas.tech";
/// The method of the provider's curl example.
pub const METHOD: &str = "POST";
/// The names of the request's headers, in the order of the provider's curl example.
pub const HEADER_NAMES: [&str; 3] = ["accept", "Content-Type", "Authorization"];
/// The `accept` header of the provider's curl example.
pub const ACCEPT: &str = "application/json";
/// The `Content-Type` header of the provider's curl example.
pub const CONTENT_TYPE: &str = "application/json";
/// The method's path, from the provider's curl example.
pub const CONFIRMATION_CALL_PATH: &str = "/api/protected/api/auth/confirmationCall";

/// What a request is made of, as the caller hands it over.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions<'a> {
    /// The account's API token.
    pub token: &'a str,
    /// The customer's number, in any form `normalize_phone_number` accepts.
    pub phone_number: &'a str,
    /// The region (ISO 3166-1 alpha-2, `"SK"`) a number written without `+` or `00` is
    /// national to; `None` reads such a number as country code first.
    pub default_country: Option<&'a str>,
    /// Where the provider's API is; `None` for [`DEFAULT_BASE_URL`].
    pub base_url: Option<&'a str>,
}

/// A request ready for `fetch(url, { method, headers, body })`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConfirmationCallRequest {
    /// The base URL and the method's path.
    pub url: String,
    /// Always [`METHOD`] (`POST`).
    pub method: &'static str,
    /// Header names and values, in the order of the provider's curl example.
    pub headers: Vec<(&'static str, String)>,
    /// JSON text: `{"phone_number":"<digits>"}`.
    pub body: String,
}

/// Builds the provider's documented request. `Sec-Fetch-Mode: cors` from the provider's
/// curl example is left out: it is a header only browsers may set (they drop it when a
/// script does), an artefact of the tool that produced the example.
pub fn build_confirmation_call_request(
    options: &RequestOptions<'_>,
) -> Result<ConfirmationCallRequest> {
    validate_token(options.token)?;
    let phone_number = normalize_phone_number(options.phone_number, options.default_country)?;
    // The default is known good (a test checks it): no need to parse it on every call.
    let base_url = match options.base_url {
        Some(base_url) => validate_base_url(base_url)?,
        None => DEFAULT_BASE_URL.to_owned(),
    };
    // Digits only, so nothing in the JSON text needs escaping.
    let body = text!("{\"phone_number\":\"", phone_number, "\"}");
    Ok(ConfirmationCallRequest {
        url: text!(base_url, CONFIRMATION_CALL_PATH),
        method: METHOD,
        headers: vec![
            (HEADER_NAMES[0], ACCEPT.to_owned()),
            (HEADER_NAMES[1], CONTENT_TYPE.to_owned()),
            (HEADER_NAMES[2], text!("Bearer ", options.token)),
        ],
        body,
    })
}

/// A token goes into the `Authorization` header: visible ASCII only, so a space, CR or
/// LF can never split the header. The message never quotes the token.
pub fn validate_token(token: &str) -> Result<()> {
    if token.is_empty() {
        return Err(Error::new(ErrorKind::InvalidToken, "token is empty"));
    }
    if let Some(position) = token.chars().position(|c| !c.is_ascii_graphic()) {
        return Err(Error::new(
            ErrorKind::InvalidToken,
            text!(
                "token has a space, control or non-ASCII character at position ",
                decimal(position as u64),
                "; \
                 a token is visible ASCII only (was it copied with a line break?)"
            ),
        ));
    }
    Ok(())
}

/// Checks a base URL and returns it without a trailing `/`, scheme and host in lower
/// case. Only `https:` carries a token over a network; `http:` is for loopback hosts.
pub fn validate_base_url(input: &str) -> Result<String> {
    let invalid = |why: &str| {
        Error::new(
            ErrorKind::InvalidBaseUrl,
            text!("baseUrl ", quote_input(input), " ", why),
        )
    };
    let trimmed = crate::ascii::trim(input);
    let split = crate::ascii::split_first(trimmed, b':')
        .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)));
    let (scheme, rest) = match split {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => {
            return Err(invalid(
                "is not an absolute URL like https://paidmethods.kompaas.tech",
            ))
        }
    };
    if scheme != "https" && scheme != "http" {
        return Err(invalid("must use https:"));
    }
    if let Some(c) = rest
        .chars()
        .find(|c| !c.is_ascii_graphic() || matches!(c, '?' | '#' | '\\'))
    {
        return Err(invalid(&match c {
            '?' | '#' => "must not have a query or fragment".to_owned(),
            _ => text!(
                "contains ",
                quote_input(&c.to_string()),
                " (write a host name in its ASCII form)"
            ),
        }));
    }
    let (authority, path) = match rest.bytes().position(|b| b == b'/') {
        Some(slash) => rest.split_at_checked(slash).unwrap_or((rest, "")),
        None => (rest, ""),
    };
    if authority.bytes().any(|b| b == b'@') {
        return Err(invalid("must not contain a user name or password"));
    }
    let (host, port) = split_host_port(authority).ok_or_else(|| invalid("has no valid host"))?;
    if let Some(port) = port {
        let valid = crate::ascii::small_number(port, 5).is_some_and(|p| (1..=65_535).contains(&p));
        if !valid {
            return Err(invalid("has an invalid port"));
        }
    }
    let host = host.to_ascii_lowercase();
    if scheme == "http" && !is_loopback_host(&host) {
        return Err(invalid(
            "must use https: (plain http: is allowed only for localhost, 127.0.0.0/8 and [::1], \
             so the token never crosses a network in clear text)",
        ));
    }
    let path = path.trim_end_matches('/');
    if path.as_bytes().windows(2).any(|pair| pair == b"//") {
        return Err(invalid("has an empty path segment"));
    }
    let port = port.map(|p| text!(":", p)).unwrap_or_default();
    Ok(text!(scheme, "://", host, port, path))
}

/// Splits `host[:port]` or `[v6]:port`; `None` when the host is empty or malformed.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.bytes().position(|b| b == b']')?;
        let (host, after) = authority.split_at_checked(end + 1)?;
        let inner = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'))?;
        let valid_v6 = !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        if !valid_v6 {
            return None;
        }
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match crate::ascii::split_first(authority, b':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let valid_name = host.starts_with('[')
        || (!host.is_empty()
            && host.len() <= 253
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            && !host.starts_with('.')
            && !host.as_bytes().windows(2).any(|pair| pair == b".."));
    valid_name.then_some((host, port))
}

/// `localhost`, an address in 127.0.0.0/8, or `[::1]`: the hosts that never leave the
/// machine.
fn is_loopback_host(host: &str) -> bool {
    if host == "localhost" || host == "localhost." || host == "[::1]" {
        return true;
    }
    let parts: Vec<&str> = crate::ascii::pieces(host, b'.').collect();
    // The other three parts are plain decimal octets; a leading 0 would make the URL
    // parser read them as octal, so they are refused rather than second-guessed.
    parts.len() == 4
        && parts.first() == Some(&"127")
        && parts.iter().skip(1).all(|part| {
            (part.len() == 1 || !part.starts_with('0'))
                && crate::ascii::small_number(part, 3).is_some_and(|v| v <= 255)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_base_url_is_what_validation_makes_of_it() {
        assert_eq!(
            validate_base_url(DEFAULT_BASE_URL).unwrap(),
            DEFAULT_BASE_URL
        );
    }

    fn request(
        token: &str,
        phone: &str,
        base_url: Option<&str>,
    ) -> Result<ConfirmationCallRequest> {
        build_confirmation_call_request(&RequestOptions {
            token,
            phone_number: phone,
            default_country: None,
            base_url,
        })
    }

    #[test]
    fn builds_the_providers_documented_request() {
        let req = request("abc.DEF-123", "+421 222 202 999", None).unwrap();
        assert_eq!(
            req.url,
            "https://paidmethods.kompaas.tech/api/protected/api/auth/confirmationCall"
        );
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.headers,
            vec![
                ("accept", "application/json".to_owned()),
                ("Content-Type", "application/json".to_owned()),
                ("Authorization", "Bearer abc.DEF-123".to_owned()),
            ]
        );
        assert_eq!(req.body, r#"{"phone_number":"421222202999"}"#);
    }

    #[test]
    fn base_url_may_end_with_a_slash_and_keep_a_path() {
        for base in [
            "https://example.com",
            "https://example.com/",
            "HTTPS://EXAMPLE.com/",
            "https://example.com//",
        ] {
            assert_eq!(
                request("t", "421222202999", Some(base)).unwrap().url,
                "https://example.com/api/protected/api/auth/confirmationCall"
            );
        }
        assert_eq!(
            validate_base_url("https://proxy.example.com:8443/kompaas/").unwrap(),
            "https://proxy.example.com:8443/kompaas"
        );
    }

    #[test]
    fn plain_http_only_for_loopback() {
        for base in [
            "http://localhost:8788",
            "http://127.0.0.1:8788/",
            "http://127.1.2.3",
            "http://[::1]:9000",
        ] {
            assert!(validate_base_url(base).is_ok(), "{base}");
        }
        for base in [
            "http://example.com",
            "http://localhost.example.com",
            "http://127.0.0.1.nip.io",
            "http://128.0.0.1",
            "http://10.0.0.1",
            "http://[::2]",
            "http://127.0.0.01",
            "http://0x7f.0.0.1",
            "http://2130706433",
            "http://127.0.0.256",
        ] {
            assert_eq!(
                validate_base_url(base).unwrap_err().kind,
                ErrorKind::InvalidBaseUrl,
                "{base}"
            );
        }
    }

    #[test]
    fn rejects_urls_that_are_not_a_plain_base() {
        for base in [
            "",
            "paidmethods.kompaas.tech",
            "ftp://example.com",
            "https://",
            "https://:443",
            "https://user:pass@example.com",
            "https://example.com?x=1",
            "https://example.com/#f",
            "https://exa mple.com",
            "https://example.com:0",
            "https://example.com:99999",
            "https://example.com:",
            "https://exámple.com",
            "https://example.com//x",
            "https://[::1",
            "https://[]",
            "https://ex\\ample.com",
            "javascript:alert(1)",
            "https://example.com//x/",
        ] {
            assert_eq!(
                validate_base_url(base).unwrap_err().kind,
                ErrorKind::InvalidBaseUrl,
                "{base:?}"
            );
        }
    }

    #[test]
    fn token_must_be_visible_ascii_and_is_never_quoted() {
        assert_eq!(
            request("", "421222202999", None).unwrap_err().kind,
            ErrorKind::InvalidToken
        );
        for token in [
            "secret token",
            "secret\r\nX-Evil: 1",
            "secret\t",
            "sécret",
            "secret\u{0}",
        ] {
            let error = request(token, "421222202999", None).unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidToken, "{token:?}");
            assert!(!error.message.contains("secret"), "{}", error.message);
        }
    }

    #[test]
    fn validates_token_then_phone_number_then_base_url() {
        assert_eq!(
            request("", "x", Some("ftp://x")).unwrap_err().kind,
            ErrorKind::InvalidToken
        );
        assert_eq!(
            request("t", "x", Some("ftp://x")).unwrap_err().kind,
            ErrorKind::InvalidPhoneNumber
        );
        assert_eq!(
            request("t", "421222202999", Some("ftp://x"))
                .unwrap_err()
                .kind,
            ErrorKind::InvalidBaseUrl
        );
    }
}
