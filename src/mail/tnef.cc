#include "mail/tnef.h"

#include <cstdint>
#include <map>

#include "core/strings.h"
#include "mail/mime.h"

namespace farol::mail {

namespace {

constexpr uint32_t kSignature = 0x223E9F78;
constexpr uint8_t kLevelAttachment = 0x02;
// Attribute ids ([MS-OXTNEF] 2.1.3.3): the low word names it, the high word is its type.
constexpr uint32_t kAttBody = 0x0002800C;
constexpr uint32_t kAttAttachData = 0x0006800F;
constexpr uint32_t kAttAttachTitle = 0x00018010;
constexpr uint32_t kAttAttachRendData = 0x00069002;  // starts each attachment
constexpr uint32_t kAttAttachment = 0x00069005;       // the attachment's MAPI properties
constexpr uint32_t kAttOemCodepage = 0x00069007;
// MAPI property ids and types.
constexpr uint16_t kPrAttachDataBin = 0x3701;
constexpr uint16_t kPrAttachLongFilename = 0x3707;
constexpr uint16_t kPrAttachMimeTag = 0x370E;
constexpr uint16_t kPrAttachContentId = 0x3712;
constexpr uint16_t kPtString8 = 0x001E;
constexpr uint16_t kPtUnicode = 0x001F;
constexpr uint16_t kPtBinary = 0x0102;
constexpr uint16_t kPtObject = 0x000D;
constexpr uint16_t kMultiValued = 0x1000;
constexpr size_t kMaxAttachments = 200;

// A cursor over bytes that never reads past them.
class ByteReader {
 public:
  explicit ByteReader(std::string_view d) : d_(d) {}
  bool Has(size_t n) const { return n <= d_.size() - at_; }
  size_t left() const { return d_.size() - at_; }
  bool U8(uint8_t& v) {
    if (!Has(1)) return false;
    v = static_cast<uint8_t>(d_[at_++]);
    return true;
  }
  bool U16(uint16_t& v) {
    if (!Has(2)) return false;
    v = static_cast<uint16_t>(Byte(0) | (Byte(1) << 8));
    at_ += 2;
    return true;
  }
  bool U32(uint32_t& v) {
    if (!Has(4)) return false;
    v = Byte(0) | (Byte(1) << 8) | (Byte(2) << 16) | (static_cast<uint32_t>(Byte(3)) << 24);
    at_ += 4;
    return true;
  }
  bool Bytes(size_t n, std::string_view& out) {
    if (!Has(n)) return false;
    out = d_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool Skip(size_t n) {
    if (!Has(n)) return false;
    at_ += n;
    return true;
  }

 private:
  uint32_t Byte(size_t i) const { return static_cast<uint8_t>(d_[at_ + i]); }
  std::string_view d_;
  size_t at_ = 0;
};

// An 8-bit string as stored (NUL-terminated, or not), read in `charset`.
std::string Text8(std::string_view bytes, const std::string& charset) {
  if (const size_t nul = bytes.find('\0'); nul != std::string_view::npos) bytes = bytes.substr(0, nul);
  return ToUtf8(bytes, charset);
}

// A UTF-16LE string as stored, NUL-terminated or not, as UTF-8.
std::string Text16(std::string_view bytes) {
  std::string out;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    uint32_t c = static_cast<uint8_t>(bytes[i]) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    if (c == 0) break;
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size()) {
      const uint32_t lo = static_cast<uint8_t>(bytes[i + 2]) | (static_cast<uint8_t>(bytes[i + 3]) << 8);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      } else {
        c = 0xFFFD;
      }
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    AppendUtf8(out, c);
  }
  return out;
}

size_t Padded(size_t n) { return (n + 3) & ~size_t{3}; }

// The size of one fixed-size value of MAPI type `type`, or 0 for a variable-size type.
size_t FixedSize(uint16_t type) {
  switch (type) {
    case 0x0002: case 0x0003: case 0x0004: case 0x000A: case 0x000B: return 4;  // short and bool padded to 4
    case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040: return 8;
    case 0x0048: return 16;  // CLSID
    default: return 0;
  }
}

struct Property {
  uint16_t type = 0;
  std::string_view value;  // the first value, as stored
};

// The single-valued string and binary properties of a MAPI property list, by id; false if the
// list is damaged (what was read whole is kept).
bool ReadProperties(std::string_view data, std::map<uint16_t, Property>& out) {
  ByteReader r(data);
  uint32_t count = 0;
  if (!r.U32(count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    uint16_t type = 0, id = 0;
    if (!r.U16(type) || !r.U16(id)) return false;
    if (id >= 0x8000) {  // a named property: its GUID and its name or number
      uint32_t kind = 0;
      if (!r.Skip(16) || !r.U32(kind)) return false;
      if (kind == 0) {
        if (!r.Skip(4)) return false;
      } else {
        uint32_t len = 0;
        if (!r.U32(len) || !r.Skip(Padded(len))) return false;
      }
    }
    const bool multi = (type & kMultiValued) != 0;
    const uint16_t base = type & ~kMultiValued;
    uint32_t values = 1;
    if (const size_t fixed = FixedSize(base); fixed != 0) {
      if (multi && !r.U32(values)) return false;
      if (values > r.left() / fixed || !r.Skip(static_cast<size_t>(values) * fixed)) return false;
      continue;
    }
    if (base != kPtString8 && base != kPtUnicode && base != kPtBinary && base != kPtObject) return false;  // unknown
    if (!r.U32(values)) return false;  // variable-size values always carry their count
    for (uint32_t v = 0; v < values; ++v) {
      uint32_t len = 0;
      std::string_view bytes;
      if (!r.U32(len) || !r.Bytes(len, bytes) || !r.Skip(Padded(len) - len)) return false;
      if (v == 0 && !multi) out[id] = {base, bytes};
    }
  }
  return true;
}

std::string PropertyText(const Property& p, const std::string& charset) {
  return p.type == kPtUnicode ? Text16(p.value) : Text8(p.value, charset);
}

}  // namespace

std::optional<TnefContents> DecodeTnef(std::string_view data) {
  ByteReader r(data);
  uint32_t signature = 0;
  uint16_t key = 0;
  if (!r.U32(signature) || signature != kSignature || !r.U16(key)) return std::nullopt;
  TnefContents out;
  std::string charset = "windows-1252";
  // The attachment being read: its title, long name, type, id and bytes.
  struct Pending {
    std::string title, long_name, mime, content_id;
    std::string data;
    bool has_data = false;
  };
  std::vector<Pending> found;
  for (;;) {
    uint8_t level = 0;
    uint32_t id = 0, length = 0;
    std::string_view value;
    uint16_t checksum = 0;
    if (!r.U8(level) || !r.U32(id) || !r.U32(length) || !r.Bytes(length, value) || !r.U16(checksum)) break;
    uint16_t sum = 0;
    for (char ch : value) sum = static_cast<uint16_t>(sum + static_cast<uint8_t>(ch));
    if (sum != checksum) break;  // damaged from here on
    if (id == kAttOemCodepage && value.size() >= 4) {
      const uint32_t cp = static_cast<uint8_t>(value[0]) | (static_cast<uint8_t>(value[1]) << 8) |
                          (static_cast<uint8_t>(value[2]) << 16) | (static_cast<uint32_t>(static_cast<uint8_t>(value[3])) << 24);
      charset = cp == 65001 ? "utf-8" : cp == 1252 || cp == 0 ? "windows-1252" : "cp" + std::to_string(cp);
    } else if (id == kAttBody && level != kLevelAttachment) {
      out.body = Text8(value, charset);
    } else if (id == kAttAttachRendData) {
      if (found.size() >= kMaxAttachments) break;
      found.emplace_back();
    } else if (level == kLevelAttachment && !found.empty()) {
      Pending& a = found.back();
      if (id == kAttAttachTitle) {
        a.title = Text8(value, charset);
      } else if (id == kAttAttachData) {
        a.data = std::string(value);
        a.has_data = true;
      } else if (id == kAttAttachment) {
        std::map<uint16_t, Property> props;
        (void)ReadProperties(value, props);
        if (auto it = props.find(kPrAttachLongFilename); it != props.end()) a.long_name = PropertyText(it->second, charset);
        if (auto it = props.find(kPrAttachMimeTag); it != props.end()) a.mime = AsciiLower(PropertyText(it->second, charset));
        if (auto it = props.find(kPrAttachContentId); it != props.end()) a.content_id = PropertyText(it->second, charset);
        if (auto it = props.find(kPrAttachDataBin); it != props.end() && !a.has_data && it->second.type == kPtBinary) {
          a.data = std::string(it->second.value);
          a.has_data = true;
        }
      }
    }
  }
  for (auto& p : found) {
    if (!p.has_data) continue;  // an embedded message or OLE object: not a file
    domain::MailAttachment a;
    a.file_name = !p.long_name.empty() ? p.long_name : p.title;
    a.content_type = p.mime.empty() || p.mime.find('/') == std::string::npos ? "application/octet-stream" : p.mime;
    a.content_id = p.content_id;
    a.data = std::move(p.data);
    out.attachments.push_back(std::move(a));
  }
  return out;
}

}  // namespace farol::mail
