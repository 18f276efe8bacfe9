#include "mail/sanitize.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstddef>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/strings.h"

namespace farol::mail {
// Named, then anonymous: farol_mail is a unity build, so file-local names must not meet mime.cc's.
namespace html_sanitizer {
namespace {

// Output elements nested deeper than this lose their tags; their text (and their allowed void
// children such as <br>) stays. Table parts inside an emitted table are exempt, so the deepest
// output nesting is kMaxDepth + 3.
constexpr size_t kMaxDepth = 200;

// gumbo frees its tree recursively, one C stack frame per level, so a hostile, deeply nested
// message could overflow the stack in gumbo_destroy_output. Every block gumbo allocates is
// threaded on a list instead, and whatever is still live when the heap goes is freed in a loop.
class GumboHeap {
 public:
  GumboHeap() = default;
  GumboHeap(const GumboHeap&) = delete;
  GumboHeap& operator=(const GumboHeap&) = delete;
  ~GumboHeap() {
    while (head_ != nullptr) {
      Block* next = head_->next;
      std::free(head_);
      head_ = next;
    }
  }

  static void* Allocate(void* heap, size_t size) {
    auto* self = static_cast<GumboHeap*>(heap);
    auto* block = static_cast<Block*>(std::malloc(sizeof(Block) + size));
    if (block == nullptr) std::abort();  // gumbo dereferences what it gets without checking
    block->prev = nullptr;
    block->next = self->head_;
    if (self->head_ != nullptr) self->head_->prev = block;
    self->head_ = block;
    return block + 1;
  }

  static void Free(void* heap, void* ptr) {
    if (ptr == nullptr) return;
    auto* self = static_cast<GumboHeap*>(heap);
    Block* block = static_cast<Block*>(ptr) - 1;
    if (block->prev != nullptr) {
      block->prev->next = block->next;
    } else {
      self->head_ = block->next;
    }
    if (block->next != nullptr) block->next->prev = block->prev;
    std::free(block);
  }

 private:
  // The header keeps the block after it aligned as malloc's own result is.
  struct alignas(std::max_align_t) Block {
    Block* prev;
    Block* next;
  };
  Block* head_ = nullptr;
};

// ---- text helpers -------------------------------------------------------------------------

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view TrimHtmlSpace(std::string_view s) {
  while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHtmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Appends `s` escaped for both text and double-quoted attribute values. Control characters other
// than tab and newline are dropped: HTML does not allow them and they only serve to confuse.
void AppendEscaped(std::string& out, std::string_view s) {
  size_t run = 0;  // bytes that need no escaping, appended in one go
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::string_view replacement;
    switch (c) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = "&quot;";
        break;
      case '\'':
        replacement = "&#39;";
        break;
      case '\t':
      case '\n':
        continue;
      default:
        if (c >= 0x20 && c != 0x7F) continue;
    }
    out.append(s.data() + run, i - run);
    out += replacement;
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
}

void AppendAttribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  AppendEscaped(out, value);
  out += '"';
}

// ---- URLs ---------------------------------------------------------------------------------

// The URL a browser would see: leading and trailing C0 controls and spaces stripped, tabs and
// newlines removed anywhere ("jav&#x09;ascript:" is javascript:). "" when any other control
// character is left, since such a URL has no business in a mail.
std::string CleanUrl(std::string_view raw) {
  while (!raw.empty() && static_cast<unsigned char>(raw.front()) <= 0x20) raw.remove_prefix(1);
  while (!raw.empty() && static_cast<unsigned char>(raw.back()) <= 0x20) raw.remove_suffix(1);
  std::string url;
  url.reserve(raw.size());
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c < 0x20 || c == 0x7F) return {};
    url += ch;
  }
  return url;
}

// The scheme of `url` lower-cased, or "" when it has none (a relative URL).
std::string UrlScheme(std::string_view url) {
  for (size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') {
      std::string scheme(url.substr(0, i));
      for (char& s : scheme) s = LowerAscii(s);
      return scheme;
    }
    const bool ok =
        IsAsciiAlpha(c) || (i > 0 && (IsAsciiDigit(c) || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
  }
  return {};
}

// "<part1@example>" or "part1@example" (trimmed) as the Content-ID the resolver takes.
std::string_view ContentId(std::string_view s) {
  s = TrimHtmlSpace(s);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>')
    s = TrimHtmlSpace(s.substr(1, s.size() - 2));
  return s;
}

// ---- CSS ----------------------------------------------------------------------------------

bool AllowedCssProperty(std::string_view p) {
  static constexpr std::string_view kExact[] = {
      "color",       "background-color", "font-weight",    "font-style",   "font-size",
      "text-align",  "text-decoration",  "width",          "height",       "vertical-align",
      "white-space", "border-collapse",  "border-spacing", "border-radius"};
  for (std::string_view e : kExact) {
    if (p == e) return true;
  }
  // padding, margin, border and their sides; border also with -color/-style/-width, on its own
  // or per side (border-image is not among them: it takes a URL).
  for (std::string_view box :
       {std::string_view("padding"), std::string_view("margin"), std::string_view("border")}) {
    if (!p.starts_with(box)) continue;
    std::string_view rest = p.substr(box.size());
    if (rest.empty()) return true;
    for (std::string_view side : {"-top", "-right", "-bottom", "-left"}) {
      if (rest.starts_with(side)) {
        rest.remove_prefix(side.size());
        break;
      }
    }
    if (rest.empty()) return true;
    if (box == "border" && (rest == "-color" || rest == "-style" || rest == "-width")) return true;
    return false;
  }
  return false;
}

// A value made of words, numbers, units, #colours and rgb()/hsl() only: no quotes, backslashes,
// comments, at-rules, URLs, other functions (expression(), calc(), var()) or negative numbers
// (a negative margin pulls the mail over the page around it). Returns "" when not acceptable;
// otherwise the value with its whitespace collapsed.
std::string CleanCssValue(std::string_view value) {
  value = TrimHtmlSpace(value);
  // "!important" would only fight the web app's own rules; the declaration stays without it.
  if (const size_t bang = value.find('!'); bang != value.npos) {
    if (!EqualsIgnoreCase(TrimHtmlSpace(value.substr(bang + 1)), "important")) return {};
    value = TrimHtmlSpace(value.substr(0, bang));
  }
  if (value.empty() || value.size() > 200) return {};
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (IsHtmlSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    const bool ok = IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '#' || c == '%' || c == '.' ||
                    c == ',' || c == '+' || c == '-' || c == '(' || c == ')';
    if (!ok) return {};
    if (c == '-' && i + 1 < value.size() && (IsAsciiDigit(value[i + 1]) || value[i + 1] == '.')) {
      return {};
    }
    if (c == '(') {
      // The function name is the run of letters before the parenthesis.
      size_t start = out.size();
      while (start > 0 && IsAsciiAlpha(out[start - 1])) --start;
      std::string name = out.substr(start);
      for (char& n : name) n = LowerAscii(n);
      if (name != "rgb" && name != "rgba" && name != "hsl" && name != "hsla") return {};
    }
    out += c;
  }
  std::string lower = out;
  for (char& l : lower) l = LowerAscii(l);
  for (std::string_view bad : {"expression", "javascript", "vbscript", "behavior", "binding"}) {
    if (lower.find(bad) != lower.npos) return {};
  }
  return out;
}

// Appends the allowed declarations of the style attribute `css` to `decls` as "name: value",
// separated by "; ". Everything else is dropped, declaration by declaration.
void AppendFilteredStyle(std::string& decls, std::string_view css) {
  while (!css.empty()) {
    const size_t semi = css.find(';');
    const std::string_view decl = css.substr(0, semi);
    css = semi == css.npos ? std::string_view() : css.substr(semi + 1);
    const size_t colon = decl.find(':');
    if (colon == decl.npos) continue;
    std::string name(TrimHtmlSpace(decl.substr(0, colon)));
    for (char& n : name) n = LowerAscii(n);
    if (!AllowedCssProperty(name)) continue;
    const std::string value = CleanCssValue(decl.substr(colon + 1));
    if (value.empty()) continue;
    if (!decls.empty()) decls += "; ";
    decls += name;
    decls += ": ";
    decls += value;
  }
}

// ---- attribute values ---------------------------------------------------------------------

bool AllDigits(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

// "600" or "100%".
bool IsLength(std::string_view s) {
  if (!s.empty() && s.back() == '%') s.remove_suffix(1);
  return AllDigits(s, 5);
}

// "#1f2e3d", "1f2e3d" or "navy".
bool IsColor(std::string_view s) {
  if (!s.empty() && s.front() == '#') s.remove_prefix(1);
  if (s.empty() || s.size() > 20) return false;
  for (char c : s) {
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c)) return false;
  }
  return true;
}

bool IsLanguageTag(std::string_view s) {
  if (s.empty() || s.size() > 35) return false;
  for (char c : s) {
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '-') return false;
  }
  return true;
}

// `s` lower-cased if it is one of `words` (compared case-insensitively), else "".
std::string OneOf(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (EqualsIgnoreCase(s, w)) return std::string(w);
  }
  return {};
}

// ---- elements -----------------------------------------------------------------------------

bool In(GumboTag tag, std::initializer_list<GumboTag> tags) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

enum class Action : unsigned char {
  kUnwrap,  // a harmless container (section, label, o:p, marquee, ...): content stays, tag goes
  kKeep,
  kDrop,  // gone with everything inside, and counted
};

// What happens to each HTML element, indexed by tag.
constexpr auto kActions = [] {
  std::array<Action, GUMBO_TAG_LAST + 1> actions{};
  for (GumboTag t : {GUMBO_TAG_A,     GUMBO_TAG_ABBR,    GUMBO_TAG_B,        GUMBO_TAG_BLOCKQUOTE,
                     GUMBO_TAG_BR,    GUMBO_TAG_CAPTION, GUMBO_TAG_CENTER,   GUMBO_TAG_CITE,
                     GUMBO_TAG_CODE,  GUMBO_TAG_COL,     GUMBO_TAG_COLGROUP, GUMBO_TAG_DD,
                     GUMBO_TAG_DEL,   GUMBO_TAG_DIV,     GUMBO_TAG_DL,       GUMBO_TAG_DT,
                     GUMBO_TAG_EM,    GUMBO_TAG_FONT,    GUMBO_TAG_H1,       GUMBO_TAG_H2,
                     GUMBO_TAG_H3,    GUMBO_TAG_H4,      GUMBO_TAG_H5,       GUMBO_TAG_H6,
                     GUMBO_TAG_HR,    GUMBO_TAG_I,       GUMBO_TAG_IMG,      GUMBO_TAG_INS,
                     GUMBO_TAG_KBD,   GUMBO_TAG_LI,      GUMBO_TAG_OL,       GUMBO_TAG_P,
                     GUMBO_TAG_PRE,   GUMBO_TAG_Q,       GUMBO_TAG_S,        GUMBO_TAG_SMALL,
                     GUMBO_TAG_SPAN,  GUMBO_TAG_STRIKE,  GUMBO_TAG_STRONG,   GUMBO_TAG_SUB,
                     GUMBO_TAG_SUP,   GUMBO_TAG_TABLE,   GUMBO_TAG_TBODY,    GUMBO_TAG_TD,
                     GUMBO_TAG_TFOOT, GUMBO_TAG_TH,      GUMBO_TAG_THEAD,    GUMBO_TAG_TR,
                     GUMBO_TAG_U,     GUMBO_TAG_UL}) {
    actions[t] = Action::kKeep;
  }
  // Active content, its fallbacks, forms, document metadata and anything whose content a
  // browser hides or treats as raw text.
  for (GumboTag t : {GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,    GUMBO_TAG_IFRAME,   GUMBO_TAG_FRAME,
                     GUMBO_TAG_FRAMESET, GUMBO_TAG_OBJECT,   GUMBO_TAG_EMBED,    GUMBO_TAG_APPLET,
                     GUMBO_TAG_PARAM,    GUMBO_TAG_FORM,     GUMBO_TAG_INPUT,    GUMBO_TAG_BUTTON,
                     GUMBO_TAG_SELECT,   GUMBO_TAG_TEXTAREA, GUMBO_TAG_OPTION,   GUMBO_TAG_OPTGROUP,
                     GUMBO_TAG_DATALIST, GUMBO_TAG_KEYGEN,   GUMBO_TAG_ISINDEX,  GUMBO_TAG_LINK,
                     GUMBO_TAG_META,     GUMBO_TAG_BASE,     GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,
                     GUMBO_TAG_SVG,      GUMBO_TAG_MATH,     GUMBO_TAG_TEMPLATE, GUMBO_TAG_NOSCRIPT,
                     GUMBO_TAG_NOEMBED,  GUMBO_TAG_NOFRAMES, GUMBO_TAG_AUDIO,    GUMBO_TAG_VIDEO,
                     GUMBO_TAG_SOURCE,   GUMBO_TAG_TRACK,    GUMBO_TAG_CANVAS,   GUMBO_TAG_TITLE,
                     GUMBO_TAG_HEAD}) {
    actions[t] = Action::kDrop;
  }
  return actions;
}();

// What a kept element is written as: <font> becomes <span>, <center> a <div>.
GumboTag OutputTag(GumboTag tag) {
  if (tag == GUMBO_TAG_FONT) return GUMBO_TAG_SPAN;
  if (tag == GUMBO_TAG_CENTER) return GUMBO_TAG_DIV;
  return tag;
}

bool IsVoid(GumboTag t) {
  return In(t, {GUMBO_TAG_BR, GUMBO_TAG_HR, GUMBO_TAG_IMG, GUMBO_TAG_COL});
}

bool IsHeading(GumboTag t) { return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6; }

// Elements that may only sit directly inside a given table element.
bool IsTablePart(GumboTag t) {
  return In(t, {GUMBO_TAG_CAPTION, GUMBO_TAG_COLGROUP, GUMBO_TAG_COL, GUMBO_TAG_TBODY,
                GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_TR, GUMBO_TAG_TD, GUMBO_TAG_TH});
}

bool FitsTableParent(GumboTag t, GumboTag parent) {
  if (t == GUMBO_TAG_COL) return parent == GUMBO_TAG_COLGROUP;
  if (t == GUMBO_TAG_TR) return In(parent, {GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT});
  if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) return parent == GUMBO_TAG_TR;
  return parent == GUMBO_TAG_TABLE;  // caption, colgroup, tbody, thead, tfoot
}

// Inside these only table parts and whitespace stay put; a parser moves anything else out.
bool IsTableContext(GumboTag t) {
  return In(t, {GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_TR,
                GUMBO_TAG_COLGROUP});
}

// The HTML parser's "special" category, among the elements we write.
bool IsSpecial(GumboTag t) {
  return IsHeading(t) || IsTablePart(t) ||
         In(t, {GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_DD, GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT,
                GUMBO_TAG_LI, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_PRE, GUMBO_TAG_TABLE,
                GUMBO_TAG_UL});
}

// Scope boundaries among the elements we write, and those of them that are also markers in the
// list of active formatting elements.
bool IsScopeBoundary(GumboTag t) {
  return In(t, {GUMBO_TAG_TABLE, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_CAPTION});
}
bool IsFormattingMarker(GumboTag t) {
  return In(t, {GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_CAPTION});
}

const char* TagName(GumboTag t) { return gumbo_normalized_tagname(t); }

// ---- the walk -----------------------------------------------------------------------------

// Writes the sanitised form of a <body>. The walk is iterative (gumbo trees can be as deep as the
// input is long) and writes in one pass. It tracks the elements it has opened in the output so
// that it never writes a nesting an HTML parser would rearrange on reading it back (a <p> in a
// <p> once the <marquee> between them is unwrapped, say): such an element is unwrapped instead.
// That keeps the output stable: sanitising it again gives it back unchanged.
class Walker {
 public:
  Walker(const SanitizeOptions& options, SanitizedHtml& result)
      : options_(options), result_(result), out_(result.html) {}

  void Run(const GumboNode* body) {
    frames_.push_back({body, 0, false});
    while (!frames_.empty()) {
      Frame& frame = frames_.back();
      const GumboVector& children = frame.element->v.element.children;
      if (frame.next_child == children.length) {
        if (frame.emitted) {
          out_ += "</";
          out_ += TagName(open_.back());
          out_ += '>';
          open_.pop_back();
        }
        frames_.pop_back();
        continue;
      }
      // Visit may push a frame, which invalidates `frame`: nothing touches it afterwards.
      Visit(static_cast<const GumboNode*>(children.data[frame.next_child++]));
    }
  }

 private:
  struct Frame {
    const GumboNode* element;
    unsigned next_child;
    bool emitted;  // whether its start tag was written (else its children are unwrapped)
  };

  GumboTag Top() const { return open_.empty() ? GUMBO_TAG_BODY : open_.back(); }

  void Visit(const GumboNode* node) {
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
        // Text inside a table but outside its cells would be moved before the table by a parser.
        if (IsTableContext(Top())) return;
        AppendEscaped(out_, node->v.text.text);
        return;
      case GUMBO_NODE_WHITESPACE:
        AppendEscaped(out_, node->v.text.text);
        return;
      case GUMBO_NODE_ELEMENT:
        VisitElement(node);
        return;
      case GUMBO_NODE_TEMPLATE:
        ++result_.removed_elements;
        return;
      default:  // comments; the document node never appears below <body>
        return;
    }
  }

  void VisitElement(const GumboNode* node) {
    const GumboElement& element = node->v.element;
    const Action action = element.tag_namespace == GUMBO_NAMESPACE_HTML
                              ? kActions[element.tag]
                              : Action::kDrop;  // svg and math content
    if (action == Action::kDrop) {
      ++result_.removed_elements;
      return;
    }
    const GumboTag tag = OutputTag(element.tag);
    if (action == Action::kUnwrap || !CanOpen(tag)) {
      frames_.push_back({node, 0, false});
      return;
    }
    if (tag == GUMBO_TAG_IMG) {
      WriteImage(element);
      return;
    }
    out_ += '<';
    out_ += TagName(tag);
    WriteAttributes(element);
    out_ += '>';
    if (IsVoid(tag)) return;
    // A parser drops a newline right after <pre>; this one is what it drops, so the content keeps
    // its own leading newline.
    if (tag == GUMBO_TAG_PRE) out_ += '\n';
    open_.push_back(tag);
    frames_.push_back({node, 0, true});
  }

  // Whether `tag` can be opened at the current output position and stay where it is written.
  bool CanOpen(GumboTag tag) const {
    const GumboTag top = Top();
    if (IsTablePart(tag)) return FitsTableParent(tag, top);  // exempt from the depth limit
    if (IsTableContext(top)) return false;
    if (!IsVoid(tag) && open_.size() >= kMaxDepth) return false;
    return !ParserWouldMove(tag);
  }

  // The rules of the HTML parser's "in body" mode that close an open element on seeing a start
  // tag, applied to what we have opened so far.
  bool ParserWouldMove(GumboTag tag) const {
    if (tag == GUMBO_TAG_A) {
      // An <a> in the list of active formatting elements after its last marker.
      for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
        if (*it == GUMBO_TAG_A) return true;
        if (IsFormattingMarker(*it)) return false;
      }
      return false;
    }
    // Start tags that close an open <p> (the table one only in standards mode, which is ours).
    const bool closes_p =
        IsHeading(tag) || In(tag, {GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_OL,
                                   GUMBO_TAG_UL, GUMBO_TAG_P, GUMBO_TAG_PRE, GUMBO_TAG_TABLE,
                                   GUMBO_TAG_HR, GUMBO_TAG_LI, GUMBO_TAG_DD, GUMBO_TAG_DT});
    if (closes_p && HasPInButtonScope()) return true;
    if (IsHeading(tag)) return IsHeading(Top());
    if (tag == GUMBO_TAG_LI) return HasOpenListItem(GUMBO_TAG_LI, GUMBO_TAG_LI);
    if (tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) {
      return HasOpenListItem(GUMBO_TAG_DD, GUMBO_TAG_DT);
    }
    return false;
  }

  bool HasPInButtonScope() const {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      if (*it == GUMBO_TAG_P) return true;
      if (IsScopeBoundary(*it)) return false;
    }
    return false;
  }

  // The loop of the li/dd/dt start tag rules: one of the items open, with no special element
  // other than div and p above it.
  bool HasOpenListItem(GumboTag item, GumboTag other_item) const {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      if (*it == item || *it == other_item) return true;
      if (IsSpecial(*it) && *it != GUMBO_TAG_DIV && *it != GUMBO_TAG_P) return false;
    }
    return false;
  }

  // Writes the allowed attributes of `element` (other than a link's href and an image's source,
  // written by the caller), then the filtered style, then what <a> always gets.
  void WriteAttributes(const GumboElement& element) {
    const GumboTag tag = element.tag;
    std::string style;
    if (tag == GUMBO_TAG_CENTER) style = "text-align: center";
    if (tag == GUMBO_TAG_A) {
      if (const GumboAttribute* href = gumbo_get_attribute(&element.attributes, "href")) {
        const std::string url = CleanUrl(href->value);
        const std::string scheme = UrlScheme(url);
        if (scheme == "http" || scheme == "https" || scheme == "mailto") {
          AppendAttribute(out_, "href", url);
        }
      }
    }
    for (unsigned i = 0; i < element.attributes.length; ++i) {
      const auto* attr = static_cast<const GumboAttribute*>(element.attributes.data[i]);
      const std::string_view name = attr->name;
      const std::string_view raw = attr->value;
      const std::string_view value = TrimHtmlSpace(raw);
      if (name == "style") {
        AppendFilteredStyle(style, raw);
      } else if (name == "title" || (name == "alt" && tag == GUMBO_TAG_IMG)) {
        AppendAttribute(out_, name, raw);
      } else if (name == "dir") {
        if (std::string v = OneOf(value, {"ltr", "rtl", "auto"}); !v.empty()) {
          AppendAttribute(out_, name, v);
        }
      } else if (name == "lang") {
        if (IsLanguageTag(value)) AppendAttribute(out_, name, value);
      } else if (name == "align") {
        if (std::string v = OneOf(value, {"left", "right", "center", "justify", "top", "middle",
                                          "bottom", "baseline"});
            !v.empty()) {
          AppendAttribute(out_, name, v);
        }
      } else if (tag == GUMBO_TAG_FONT && name == "color") {
        if (IsColor(value)) {
          // Ahead of the element's own style, which wins where both set the colour.
          const std::string color = "color: " + std::string(value);
          style = style.empty() ? color : color + "; " + style;
        }
      } else {
        // Everything else goes unless the element takes it: id, class, name, on*, background...
        WriteElementAttribute(tag, name, value);
      }
    }
    if (!style.empty()) AppendAttribute(out_, "style", style);
    if (tag == GUMBO_TAG_A) out_ += R"( rel="noopener noreferrer nofollow" target="_blank")";
  }

  // Writes the element-specific attribute `name` if `tag` takes it and `value` is well-formed.
  void WriteElementAttribute(GumboTag tag, std::string_view name, std::string_view value) {
    const bool table = tag == GUMBO_TAG_TABLE;
    const bool cell = tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH;
    const bool row = tag == GUMBO_TAG_TR || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_THEAD ||
                     tag == GUMBO_TAG_TFOOT;
    const bool column = tag == GUMBO_TAG_COL || tag == GUMBO_TAG_COLGROUP;
    bool ok = false;
    std::string normalized(value);
    if (name == "width") {
      ok =
          tag == GUMBO_TAG_IMG ? AllDigits(value, 5) : (table || cell || column) && IsLength(value);
    } else if (name == "height") {
      ok = tag == GUMBO_TAG_IMG ? AllDigits(value, 5) : cell && IsLength(value);
    } else if (name == "border" || name == "cellpadding" || name == "cellspacing") {
      ok = table && AllDigits(value, 3);
    } else if (name == "colspan" || name == "rowspan") {
      ok = cell && AllDigits(value, 5);
    } else if (name == "span") {
      ok = column && AllDigits(value, 4);
    } else if (name == "bgcolor") {
      ok = (table || cell || row) && IsColor(value);
    } else if (name == "valign") {
      normalized = OneOf(value, {"top", "middle", "bottom", "baseline"});
      ok = (cell || row || column) && !normalized.empty();
    } else if (name == "start") {
      std::string_view digits = value;
      if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
      ok = tag == GUMBO_TAG_OL && AllDigits(digits, 9);
    } else if (name == "type") {
      ok = tag == GUMBO_TAG_OL &&
           (value == "1" || value == "a" || value == "A" || value == "i" || value == "I");
    }
    if (ok) AppendAttribute(out_, name, normalized);
  }

  // An image shows only its own attachment (cid:, or data-cid as written by an earlier pass) or a
  // remote http(s) URL, and the latter only with consent; anything else drops the image.
  void WriteImage(const GumboElement& element) {
    const GumboVector* attrs = &element.attributes;
    std::string content_id;
    std::string remote;
    if (const GumboAttribute* cid = gumbo_get_attribute(attrs, "data-cid")) {
      content_id = ContentId(cid->value);
    } else if (const GumboAttribute* src = gumbo_get_attribute(attrs, "src")) {
      const std::string url = CleanUrl(src->value);
      const std::string scheme = UrlScheme(url);
      if (scheme == "cid") {
        content_id = ContentId(std::string_view(url).substr(4));
      } else if (scheme == "http" || scheme == "https") {
        remote = url;
      }
    } else if (const GumboAttribute* held = gumbo_get_attribute(attrs, "data-remote-src")) {
      const std::string url = CleanUrl(held->value);
      const std::string scheme = UrlScheme(url);
      if (scheme == "http" || scheme == "https") remote = url;
    }
    std::string resolved;
    if (!content_id.empty() && options_.resolve_cid) resolved = options_.resolve_cid(content_id);
    if (resolved.empty() && remote.empty()) {
      ++result_.removed_elements;
      return;
    }
    out_ += "<img";
    if (!resolved.empty()) {
      AppendAttribute(out_, "src", resolved);
      AppendAttribute(out_, "data-cid", content_id);
    } else if (options_.allow_remote_images) {
      AppendAttribute(out_, "src", remote);
    } else {
      AppendAttribute(out_, "data-remote-src", remote);
      ++result_.remote_images;
    }
    WriteAttributes(element);
    out_ += '>';
  }

  const SanitizeOptions& options_;
  SanitizedHtml& result_;
  std::string& out_;
  std::vector<Frame> frames_;
  std::vector<GumboTag> open_;  // elements written and not yet closed, outermost first
};

}  // namespace
}  // namespace html_sanitizer

size_t CountTags(std::string_view html) {
  size_t n = 0;
  for (size_t i = 0; i + 1 < html.size(); ++i) {
    if (html[i] != '<') continue;
    const unsigned char c = static_cast<unsigned char>(html[i + 1]);
    if (c == '/' || std::isalpha(c)) ++n;
  }
  return n;
}

std::string StripTags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (in_tag) {
      if (c == '>') in_tag = false;
      continue;
    }
    if (c == '<' && i + 1 < html.size() &&
        (html[i + 1] == '/' || html[i + 1] == '!' || std::isalpha(static_cast<unsigned char>(html[i + 1])))) {
      in_tag = true;
      continue;
    }
    out += c;
  }
  return out;
}

SanitizedHtml SanitizeHtml(std::string_view html, const SanitizeOptions& options) {
  using html_sanitizer::GumboHeap;
  if (html.starts_with("\xEF\xBB\xBF")) html.remove_prefix(3);  // a byte-order mark is no text
  if (const size_t tags = CountTags(html); tags > kMaxHtmlTags) {
    SanitizedHtml plain;
    std::string text;
    AppendReplacingInvalidUtf8(text, StripTags(html));
    plain.html = "<pre>";
    for (char c : text) {
      switch (c) {
        case '&': plain.html += "&amp;"; break;
        case '<': plain.html += "&lt;"; break;
        case '>': plain.html += "&gt;"; break;
        case '"': plain.html += "&quot;"; break;
        case '\'': plain.html += "&#39;"; break;
        default: plain.html += c;
      }
    }
    plain.html += "</pre>";
    plain.removed_elements = static_cast<int>(std::min<size_t>(tags, INT32_MAX));
    return plain;
  }
  // The doctype makes gumbo parse in standards mode, as the web app's page will parse the output;
  // the <body> makes everything, including what a document keeps in its head, land in the body,
  // where the walk sees (and counts) it.
  constexpr std::string_view kPrefix = "<!DOCTYPE html><body>";
  std::string input;
  input.reserve(kPrefix.size() + html.size());
  input += kPrefix;
  AppendReplacingInvalidUtf8(input, html);  // gumbo requires valid UTF-8

  GumboHeap heap;
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.allocator = &GumboHeap::Allocate;
  gumbo_options.deallocator = &GumboHeap::Free;
  gumbo_options.userdata = &heap;
  gumbo_options.max_errors = 0;  // we have no use for parse errors; recording them costs memory
  // Freed with `heap`, never by gumbo_destroy_output (see GumboHeap).
  const GumboOutput* parsed = gumbo_parse_with_options(&gumbo_options, input.data(), input.size());

  SanitizedHtml result;
  result.html.reserve(html.size());
  html_sanitizer::Walker walker(options, result);
  const GumboVector& top = parsed->root->v.element.children;
  for (unsigned i = 0; i < top.length; ++i) {
    const auto* node = static_cast<const GumboNode*>(top.data[i]);
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
    if (node->v.element.tag == GUMBO_TAG_BODY) {
      walker.Run(node);
    } else if (node->v.element.tag == GUMBO_TAG_HEAD) {
      // Empty given the prefix; counted like the body's dropped elements all the same.
      const GumboVector& in_head = node->v.element.children;
      for (unsigned j = 0; j < in_head.length; ++j) {
        const auto* child = static_cast<const GumboNode*>(in_head.data[j]);
        if (child->type == GUMBO_NODE_ELEMENT || child->type == GUMBO_NODE_TEMPLATE) {
          ++result.removed_elements;
        }
      }
    } else {
      ++result.removed_elements;  // a <frameset> that replaced the body
    }
  }
  // Nor at the start of the output: a byte-order mark after something dropped (say, "<style>…
  // </style>\uFEFF…") would lead the output, and sanitising that again would strip it above, so
  // the output would not be stable (found by fuzz/).
  while (result.html.starts_with("\xEF\xBB\xBF")) result.html.erase(0, 3);
  return result;
}

}  // namespace farol::mail
