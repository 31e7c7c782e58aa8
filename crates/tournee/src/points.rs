//! Point files: `{"coordinates": [[lon, lat], ...]}` (other keys ignored).

use tournee_roads::Coord;

/// Why a point file was refused.
#[derive(Debug, thiserror::Error)]
pub enum PointsError {
    /// Not JSON.
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// No `coordinates` array at the top level.
    #[error("no \"coordinates\" array at the top level")]
    NoCoordinates,
    /// An entry is not a pair of numbers.
    #[error("coordinate {index} is not a [lon, lat] pair of numbers: {found}")]
    BadPair {
        /// Position in the list.
        index: usize,
        /// What was there.
        found: String,
    },
}

/// Parses a point file's text.
pub fn parse_points(text: &str) -> Result<Vec<Coord>, PointsError> {
    let v: serde_json::Value = serde_json::from_str(text)?;
    let list = v
        .get("coordinates")
        .and_then(|c| c.as_array())
        .ok_or(PointsError::NoCoordinates)?;
    list.iter()
        .enumerate()
        .map(|(index, p)| {
            let pair = p.as_array().filter(|a| a.len() == 2);
            match pair.map(|a| (a[0].as_f64(), a[1].as_f64())) {
                Some((Some(lon), Some(lat))) => Ok(Coord::new(lon, lat)),
                _ => Err(PointsError::BadPair {
                    index,
                    found: p.to_string(),
                }),
            }
        })
        .collect()
}

/// Parses `LON,LAT`.
pub fn parse_lon_lat(s: &str) -> Result<Coord, String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("expected LON,LAT, got {s:?}"))?;
    let lon: f64 = a
        .trim()
        .parse()
        .map_err(|_| format!("longitude {a:?} is not a number"))?;
    let lat: f64 = b
        .trim()
        .parse()
        .map_err(|_| format!("latitude {b:?} is not a number"))?;
    Ok(Coord::new(lon, lat))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(
            parse_points(r#"{"coordinates": [[1, 2]], "node_ids": [5]}"#).unwrap(),
            vec![Coord::new(1.0, 2.0)]
        );
        assert!(matches!(
            parse_points(r#"{"points": []}"#),
            Err(PointsError::NoCoordinates)
        ));
        let err = parse_points(r#"{"coordinates": [[1, 2], [1]]}"#).unwrap_err();
        assert!(err.to_string().contains("coordinate 1"), "{err}");
        assert!(parse_points("nope").is_err());
        assert_eq!(parse_lon_lat("1.5, 42.5").unwrap(), Coord::new(1.5, 42.5));
        assert!(parse_lon_lat("1.5").is_err());
        assert!(parse_lon_lat("x,1").is_err());
    }
}
