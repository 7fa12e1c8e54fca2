/* text.h - an editor's text of one document, and LSP positions in it.
 *
 * LSP counts columns in UTF-16 code units; the compiler counts bytes.  A
 * LineIndex converts between the two.  A byte sequence that is not valid
 * UTF-8 counts as one code unit per byte (as the U+FFFD an editor shows
 * for it), so every byte offset has a position and back.
 */
#ifndef ECSC_LSP_TEXT_H
#define ECSC_LSP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct LspPos {
    uint32_t line, col;     /* 0-based; col in UTF-16 code units */
} LspPos;

typedef struct LineIndex {
    const char *text;
    uint32_t len;
    uint32_t *starts;       /* malloc'd: the offset of each line */
    uint32_t nlines;
} LineIndex;

/* Indexes `text` (which must outlive the index). */
void line_index_init(LineIndex *li, const char *text, uint32_t len);
void line_index_free(LineIndex *li);
/* The index of `text` (`len` bytes), made from `li`, the index of the text
   before an edit: the new text is the old one with its bytes [lo, old_hi)
   replaced by new[lo, new_hi).  Only the new bytes are scanned; the lines
   after them move. */
void line_index_edit(LineIndex *li, const char *text, uint32_t len, uint32_t lo, uint32_t old_hi,
                     uint32_t new_hi);

LspPos line_index_pos(const LineIndex *li, uint32_t offset);
/* The byte offset of `p`, clamped to the end of its line (and of the text). */
uint32_t line_index_offset(const LineIndex *li, LspPos p);

/* The length of the UTF-8 sequence at s[0..n), or 0 if it is not valid. */
int utf8_seq_len(const unsigned char *s, size_t n);

/* Replaces, in place or by shortening, each byte of `s` that is not part
   of valid UTF-8 with '?': JSON sent to a client must be UTF-8.  Returns
   the new length. */
size_t utf8_scrub(char *s, size_t n);

#endif
