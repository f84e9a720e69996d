//! PNG from the SVG this module draws, with resvg and the system's fonts. resvg reads no CSS
//! custom properties, so the light scheme's colours are written in first.

use super::{DARK, LIGHT};

/// Largest picture side, in pixels: a larger one is refused rather than allocated.
const MAX_SIDE: f64 = 16_384.0;

/// The PNG of an SVG written by [`super::graph`], [`super::sequence`] or [`super::states`], at
/// twice its size for sharp text.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    let mut text = svg.to_string();
    for (name, light) in LIGHT {
        text = text.replace(&format!("var(--{name})"), light);
    }
    for (name, dark) in DARK {
        text = text.replace(&format!("--{name}: {dark};"), "");
    }
    let mut options = resvg::usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    if fonts.is_empty() {
        return Err("no fonts found to draw text with: install one (`apt-get install fonts-dejavu-core`), or write SVG".into());
    }
    let families: Vec<String> = fonts
        .faces()
        .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
        .collect();
    if let Some(sans) = [
        "Helvetica",
        "Arial",
        "Liberation Sans",
        "DejaVu Sans",
        "Noto Sans",
    ]
    .into_iter()
    .find(|f| families.iter().any(|x| x == f))
    {
        fonts.set_sans_serif_family(sans);
    }
    let tree = resvg::usvg::Tree::from_str(&text, &options)
        .map_err(|e| format!("cannot read the SVG: {e}"))?;
    let size = tree.size();
    let scale = 2.0;
    let (w, h) = (
        f64::from(size.width()) * scale,
        f64::from(size.height()) * scale,
    );
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "the picture would be {w:.0}×{h:.0} pixels, more than {MAX_SIDE} on a side; write SVG, or draw one context (--context)"
        ));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w.ceil() as u32, h.ceil() as u32)
        .ok_or("the picture is empty")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}
