//! Frames: how a record sits on disk, `[payload length: u32 LE][CRC-32 of payload: u32 LE]
//! [payload]`.
//!
//! The length prefix makes an incomplete last frame visible (a torn write), and the checksum
//! makes a damaged payload visible, so neither is ever read back as an entry.

use crate::MAX_PAYLOAD_LEN;

/// The length and checksum fields.
pub(crate) const HEADER_LEN: usize = 8;

/// The frame for `payload`, which is at most [`MAX_PAYLOAD_LEN`] bytes.
pub(crate) fn encode(payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).expect("payloads are validated to fit in a u32");
    let mut frame = Vec::with_capacity(HEADER_LEN + payload.len());
    frame.extend_from_slice(&len.to_le_bytes());
    frame.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    frame.extend_from_slice(payload);
    frame
}

/// Why the bytes at some offset are not a good frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameError {
    /// Fewer bytes remain than the frame needs: only the last frame can be torn.
    Torn {
        /// The bytes present.
        present: usize,
        /// The bytes needed: the header, or the whole frame once the header is complete.
        expected: usize,
    },
    /// The header claims a payload longer than the ledger ever writes.
    Oversized {
        /// The claimed payload length.
        len: u32,
    },
    /// The payload does not match the checksum in the header.
    Checksum {
        /// The checksum in the header.
        expected: u32,
        /// The payload's checksum.
        actual: u32,
    },
}

/// Reads the frame at the start of `bytes`: its payload and its total length.
pub(crate) fn decode(bytes: &[u8]) -> Result<(&[u8], usize), FrameError> {
    let Some((header, rest)) = bytes.split_first_chunk::<HEADER_LEN>() else {
        return Err(FrameError::Torn {
            present: bytes.len(),
            expected: HEADER_LEN,
        });
    };
    let [l0, l1, l2, l3, c0, c1, c2, c3] = *header;
    let len = u32::from_le_bytes([l0, l1, l2, l3]);
    let expected = u32::from_le_bytes([c0, c1, c2, c3]);
    if len as usize > MAX_PAYLOAD_LEN {
        return Err(FrameError::Oversized { len });
    }
    let Some(payload) = rest.get(..len as usize) else {
        return Err(FrameError::Torn {
            present: bytes.len(),
            expected: HEADER_LEN + len as usize,
        });
    };
    let actual = crc32fast::hash(payload);
    if actual != expected {
        return Err(FrameError::Checksum { expected, actual });
    }
    Ok((payload, HEADER_LEN + payload.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_decodes_to_its_payload() {
        let frame = encode(b"hello");
        assert_eq!(frame.len(), HEADER_LEN + 5);
        assert_eq!(&frame[..4], &5u32.to_le_bytes());
        assert_eq!(decode(&frame), Ok((&b"hello"[..], frame.len())));
        let two = [encode(b"a"), encode(b"bc")].concat();
        assert_eq!(decode(&two), Ok((&b"a"[..], HEADER_LEN + 1)));
        assert_eq!(
            decode(&two[HEADER_LEN + 1..]),
            Ok((&b"bc"[..], HEADER_LEN + 2))
        );
    }

    #[test]
    fn an_empty_payload_is_a_frame_too() {
        let frame = encode(b"");
        assert_eq!(decode(&frame), Ok((&b""[..], HEADER_LEN)));
    }

    #[test]
    fn every_cut_of_a_frame_is_torn() {
        let frame = encode(b"payload");
        for cut in 0..frame.len() {
            let expected = if cut < HEADER_LEN {
                HEADER_LEN
            } else {
                frame.len()
            };
            assert_eq!(
                decode(&frame[..cut]),
                Err(FrameError::Torn {
                    present: cut,
                    expected
                }),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_flipped_payload_bit_is_a_checksum_mismatch() {
        let mut frame = encode(b"payload");
        frame[HEADER_LEN] ^= 1;
        let Err(FrameError::Checksum { expected, actual }) = decode(&frame) else {
            panic!("must be a checksum mismatch");
        };
        assert_eq!(expected, crc32fast::hash(b"payload"));
        assert_ne!(actual, expected);
    }

    #[test]
    fn an_impossible_length_is_oversized_not_torn() {
        let mut frame = encode(b"payload");
        frame[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decode(&frame), Err(FrameError::Oversized { len: u32::MAX }));
    }
}
