//! Fitting a table to a width: optional columns go first, in a stated order, then the cells
//! of the columns that may be cut are cut with `…`. Nothing is left to wrap, so no word is
//! ever broken across lines.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What a table draws around its cells: `│ a ┆ b │` is three columns per cell and one.
const BORDERS_PER_COLUMN: usize = 3;

/// How a table's columns give way to a narrow width.
pub(crate) struct Fitting<'a> {
    /// Columns that may go, by header, the first to go first.
    pub(crate) optional: &'a [&'a str],
    /// Columns whose cells may be cut, by header, the first cut first, each down to its
    /// narrowest width; a column may come again with a narrower width, to be cut further only
    /// after the ones between.
    pub(crate) cut: &'a [(&'a str, usize)],
}

/// A table's headers and rows as fitted: what is drawn.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Fitted {
    /// The kept headers.
    pub(crate) headers: Vec<String>,
    /// The kept cells of each row, cut to their column's width.
    pub(crate) rows: Vec<Vec<String>>,
}

impl Fitting<'static> {
    /// A table that never gives way: every column, every cell whole.
    pub(crate) const WHOLE: Fitting<'static> = Fitting {
        optional: &[],
        cut: &[],
    };
}

impl Fitting<'_> {
    /// `headers` and `rows` fitted into `width` columns; with no width, all of them as they are.
    /// A table that cannot fit keeps its required columns at their narrowest widths.
    pub(crate) fn fit(
        &self,
        headers: &[&str],
        rows: Vec<Vec<String>>,
        width: Option<usize>,
    ) -> Fitted {
        let mut kept: Vec<usize> = (0..headers.len()).collect();
        let mut widths: Vec<usize> = (0..headers.len())
            .map(|column| natural_width(headers[column], &rows, column))
            .collect();
        if let Some(width) = width {
            let total = |kept: &[usize], widths: &[usize]| {
                kept.iter().map(|&c| widths[c]).sum::<usize>() + BORDERS_PER_COLUMN * kept.len() + 1
            };
            for optional in self.optional {
                if total(&kept, &widths) <= width {
                    break;
                }
                kept.retain(|&column| headers[column] != *optional);
            }
            for &(header, narrowest) in self.cut {
                let over = total(&kept, &widths).saturating_sub(width);
                let Some(&column) = kept.iter().find(|&&c| headers[c] == header) else {
                    continue;
                };
                // Never below the header, never wider than the column already is.
                let narrowest = narrowest.max(headers[column].width()).min(widths[column]);
                widths[column] = widths[column].saturating_sub(over).max(narrowest);
            }
        }
        Fitted {
            headers: kept.iter().map(|&c| headers[c].to_owned()).collect(),
            rows: rows
                .into_iter()
                .map(|row| kept.iter().map(|&c| cut(&row[c], widths[c])).collect())
                .collect(),
        }
    }
}

/// The widest cell of `column`, its header included.
fn natural_width(header: &str, rows: &[Vec<String>], column: usize) -> usize {
    rows.iter()
        .map(|row| row[column].width())
        .chain(std::iter::once(header.width()))
        .max()
        .unwrap_or(0)
}

/// `text` in at most `width` columns: cut, with `…` as its last column, when it is wider.
pub(crate) fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut kept = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        kept.push(ch);
        used += w;
    }
    kept.truncate(kept.trim_end().len());
    kept.push('…');
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    const FITTING: Fitting<'static> = Fitting {
        optional: &["Extra", "More"],
        cut: &[("More", 9), ("Name", 4), ("Id", 2)],
    };

    fn rows() -> Vec<Vec<String>> {
        vec![vec![
            "case-1".to_owned(),
            "A rather long name".to_owned(),
            "yes".to_owned(),
            "12 ms".to_owned(),
        ]]
    }

    const HEADERS: [&str; 4] = ["Id", "Name", "Extra", "More"];

    /// The width of the table comfy-table draws around `fitted`.
    fn drawn(fitted: &Fitted) -> usize {
        let widths = (0..fitted.headers.len()).map(|c| {
            fitted
                .rows
                .iter()
                .map(|r| r[c].width())
                .chain([fitted.headers[c].width()])
                .max()
                .unwrap()
        });
        widths.sum::<usize>() + BORDERS_PER_COLUMN * fitted.headers.len() + 1
    }

    #[test]
    fn without_a_width_every_column_stays_whole() {
        let fitted = FITTING.fit(&HEADERS, rows(), None);
        assert_eq!(fitted.headers, HEADERS);
        assert_eq!(fitted.rows, rows());
    }

    #[test]
    fn optional_columns_go_in_order_before_anything_is_cut() {
        let whole = drawn(&FITTING.fit(&HEADERS, rows(), None));
        let fitted = FITTING.fit(&HEADERS, rows(), Some(whole - 1));
        assert_eq!(fitted.headers, ["Id", "Name", "More"]);
        assert_eq!(fitted.rows[0][1], "A rather long name");
        let fitted = FITTING.fit(&HEADERS, rows(), Some(whole - 9));
        assert_eq!(fitted.headers, ["Id", "Name"]);
        assert_eq!(fitted.rows[0], ["case-1", "A rather long name"]);
    }

    #[test]
    fn cut_columns_shrink_to_the_width_with_an_ellipsis() {
        let fitted = FITTING.fit(&HEADERS, rows(), Some(24));
        assert_eq!(fitted.rows[0], ["case-1", "A rather l…"]);
        assert_eq!(drawn(&fitted), 24);
        // Below the narrowest name, the next column is cut too; the header still fits.
        let fitted = FITTING.fit(&HEADERS, rows(), Some(12));
        assert_eq!(fitted.rows[0], ["c…", "A r…"]);
    }

    #[test]
    fn a_cut_never_ends_in_a_space_and_counts_wide_characters() {
        assert_eq!(cut("LOCAL→CLOUD access", 8), "LOCAL→C…");
        assert_eq!(cut("ab cd", 4), "ab…");
        assert_eq!(cut("日本語テキスト", 5), "日本…");
        assert_eq!(cut("short", 5), "short");
    }
}
