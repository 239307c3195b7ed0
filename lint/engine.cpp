#include "lint/engine.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "compiler/frontend/frontend.h"
#include "compiler/model/redact.h"
#include "lint/builtin_rules.h"
#include "lint/suppressions.h"

namespace havpnc::lint {

namespace fs = std::filesystem;

struct Engine::Source {
  std::string path;
  const std::string* text = nullptr;  // nullptr: read the file
};

namespace {

using Clock = std::chrono::steady_clock;

class VectorSink final : public FindingSink {
 public:
  explicit VectorSink(const Rule& rule) : rule_(rule) {}
  void report(Finding finding) override {
    if (finding.rule.empty()) finding.rule = std::string(rule_.id());
    findings.push_back(std::move(finding));
  }
  std::vector<Finding> findings;

 private:
  const Rule& rule_;
};

// Runs f(0..n-1) on `jobs` threads; the first exception is rethrown on the caller's thread.
template <typename F>
void parallel_for(std::size_t n, unsigned jobs, const F& f) {
  if (n == 0) return;
  unsigned threads = static_cast<unsigned>(std::min<std::size_t>(jobs, n));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (;;) {
      std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        f(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = n;
      }
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);
}

unsigned effective_jobs(unsigned jobs) {
  if (jobs != 0) return jobs;
  unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : hc;
}

// The same checks and messages as frontend::parse_file, which cannot be used here: it
// assigns FileIds from a shared SourceFiles, and workers parse concurrently.
bool read_file(const std::string& path, std::uint64_t max_bytes, std::string& out, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = path + ": is a directory, not a config file";
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = path + ": not a regular file";
    return false;
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    error = path + ": " + std::to_string(st.st_size) + " bytes is larger than the " + std::to_string(max_bytes) +
            "-byte limit";
    return false;
  }
  out.assign(static_cast<std::size_t>(st.st_size), '\0');
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  if (in.gcount() != static_cast<std::streamsize>(out.size())) {
    error = path + ": read error (the file changed while being read?)";
    return false;
  }
  return true;
}

struct Parsed {
  std::vector<InlineSuppression> suppressions;
  std::vector<Finding> problems;
  std::uint64_t bytes = 0;
};

std::string relative_to(const std::string& path, const std::string& root) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  fs::path base = fs::absolute(root, ec);
  fs::path rel = abs.lexically_normal().lexically_relative(base.lexically_normal());
  if (rel.empty() || *rel.begin() == "..") return fs::path(path).lexically_normal().generic_string();
  return rel.generic_string();
}

// Lines `wanted` (sorted, unique, 1-based) of `text`, secrets redacted, sorted by number (a
// sorted vector: a map node per line costs as much as the line at 10,000 devices).
using NumberedLines = std::vector<std::pair<std::uint32_t, std::string>>;
NumberedLines lines_of(std::string_view text, const std::vector<std::uint32_t>& wanted) {
  NumberedLines out;
  out.reserve(wanted.size());
  std::size_t pos = 0;
  std::uint32_t number = 1;
  for (std::uint32_t w : wanted) {
    while (number < w && pos <= text.size()) {
      std::size_t nl = text.find('\n', pos);
      pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
      ++number;
    }
    if (pos > text.size()) break;
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.emplace_back(w, model::redact_secrets(line));
  }
  return out;
}

// What the network, its rules, --explain-topology and the report still read of a device once
// its device rules have run: names, interfaces with their addresses and HSRP groups, IKE,
// IPsec, tracking and redundancy. Dropped: the ACLs no crypto map of this device matches
// (unless in `keep_acls`), interface descriptions, the reference index, unrecognized and
// comment lines, banners, terminal lines, certificate chains and static routes. Returns the
// names of the ACLs dropped.
std::vector<std::string> keep_network_facts(model::Device& d, const std::set<std::string>* keep_acls) {
  std::set<std::string> matched;
  for (const auto& [name, map] : d.crypto_maps) {
    for (const auto& e : map.entries) {
      if (e.match_address) matched.insert(e.match_address->value);
    }
  }
  std::vector<std::string> dropped;
  for (auto it = d.access_lists.begin(); it != d.access_lists.end();) {
    if (matched.count(it->first) != 0 || (keep_acls != nullptr && keep_acls->count(it->first) != 0)) {
      ++it;
    } else {
      dropped.push_back(it->first);
      it = d.access_lists.erase(it);
    }
  }
  for (auto& [name, itf] : d.interfaces) {
    itf.description.reset();
    std::string().swap(itf.written_as);  // the normalised name is what rules and the index read
  }
  d.references = model::References{};
  std::vector<model::UnrecognizedLine>().swap(d.unrecognized);
  std::vector<model::CommentLine>().swap(d.comments);
  std::vector<model::Banner>().swap(d.banners);
  std::vector<model::TerminalLine>().swap(d.terminal_lines);
  std::vector<std::string>().swap(d.pki_certificate_chains);
  std::vector<model::StaticRoute>().swap(d.static_routes);
  return dropped;
}

// The report's order: by path, line, column, rule, message. Paths are compared through their
// rank among all paths (equal strings, equal ranks), so sorting 5 million findings does not
// compare the same long path strings over and over.
class FindingLess {
 public:
  explicit FindingLess(const std::vector<std::string>& paths) {
    std::vector<std::string_view> names(paths.begin(), paths.end());
    names.push_back("");  // findings of no file
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    auto rank = [&](std::string_view p) {
      return static_cast<std::size_t>(std::lower_bound(names.begin(), names.end(), p) - names.begin());
    };
    for (const auto& p : paths) rank_.push_back(rank(p));
    none_ = rank("");
  }
  bool operator()(const Reported& a, const Reported& b) const {
    const auto& x = a.finding;
    const auto& y = b.finding;
    const std::size_t ra = rank_of(x.location.file), rb = rank_of(y.location.file);
    return std::tie(ra, x.location.line, x.location.col, x.rule, x.message) <
           std::tie(rb, y.location.line, y.location.col, y.rule, y.message);
  }

 private:
  // Reported::path is the file's path for file < n, else empty.
  std::size_t rank_of(model::FileId file) const { return file < rank_.size() ? rank_[file] : none_; }
  std::vector<std::size_t> rank_;
  std::size_t none_ = 0;
};

}  // namespace

Engine::Engine(std::vector<std::unique_ptr<Rule>> rules) {
  std::set<std::string, std::less<>> ids;
  for (auto& r : builtin_rules()) {
    ids.insert(std::string(r->id()));
    owned_.push_back(std::move(r));
  }
  for (auto& r : rules) {
    if (r == nullptr || !ids.insert(std::string(r->id())).second) continue;
    owned_.push_back(std::move(r));
  }
  for (const auto& r : owned_) sorted_.push_back(r.get());
  std::sort(sorted_.begin(), sorted_.end(), [](const Rule* a, const Rule* b) { return a->id() < b->id(); });
}

const Rule* Engine::find(std::string_view id) const {
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), id,
                             [](const Rule* r, std::string_view v) { return r->id() < v; });
  return it != sorted_.end() && (*it)->id() == id ? *it : nullptr;
}

std::vector<std::string> Engine::unknown_rules(const EngineOptions& options) const {
  std::vector<std::string> out;
  auto check = [&](const std::string& id) {
    if (find(id) == nullptr) out.push_back(id);
  };
  for (const auto& id : options.disable) check(id);
  for (const auto& id : options.enable) check(id);
  for (const auto& [id, s] : options.severity) check(id);
  for (const auto& s : options.suppressions) {
    if (s.rule != "*") check(s.rule);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

LintReport Engine::run(const std::vector<std::string>& files, const EngineOptions& options) const {
  std::vector<Source> sources;
  for (const auto& f : files) sources.push_back({f, nullptr});
  return run_sources(sources, options);
}

LintReport Engine::run(const std::vector<TextInput>& inputs, const EngineOptions& options) const {
  std::vector<Source> sources;
  for (const auto& in : inputs) sources.push_back({in.path, &in.text});
  return run_sources(sources, options);
}

LintReport Engine::run_sources(const std::vector<Source>& sources, const EngineOptions& options) const {
  LintReport report;
  const unsigned jobs = effective_jobs(options.jobs);
  const std::size_t n = sources.size();
  auto enabled = [&](std::string_view id) {
    std::string s(id);
    return options.disable.count(s) == 0 || options.enable.count(s) != 0;
  };
  auto known = [&](const std::string& id) { return find(id) != nullptr; };

  // 1. Parse every file in parallel (device i has FileId i), run the device rules on it at
  //    once, then keep only what the network rules read (see keep_network_facts): a 200 KB
  //    config's full model is about 2 MB, and 10,000 of them must not be held together.
  auto t0 = Clock::now();
  model::SourceFiles files;
  for (const auto& s : sources) files.add(s.path);
  std::vector<const Rule*> active;
  for (const Rule* r : sorted_) {
    if (enabled(r->id()) || r->id() == kInputUnreadable) active.push_back(r);
  }
  std::vector<model::Device> devices(n);
  std::vector<Parsed> parsed(n);
  std::vector<std::vector<Finding>> per_device(n);
  std::vector<std::vector<std::string>> dropped_acls(n);
  std::atomic<std::size_t> done{0};
  // Largest files first: a big file started last would leave one core idle at the end.
  std::vector<std::size_t> order(n);
  {
    std::vector<std::uint64_t> size(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      order[i] = i;
      struct stat st {};
      if (sources[i].text != nullptr) {
        size[i] = sources[i].text->size();
      } else if (::stat(sources[i].path.c_str(), &st) == 0) {
        size[i] = static_cast<std::uint64_t>(st.st_size);
      }
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return size[a] > size[b]; });
  }
  auto parse_one = [&](std::size_t i, const std::set<std::string>* keep_acls) {
    const Source& s = sources[i];
    std::string owned;
    std::string_view text;
    std::string error;
    if (s.text != nullptr) {
      text = *s.text;
    } else if (read_file(s.path, options.max_file_bytes, owned, error)) {
      text = owned;
    } else {
      model::Device d;
      d.file = static_cast<model::FileId>(i);
      d.path = s.path;
      d.status = model::ParseStatus::Failed;
      d.diagnostics.push_back({std::string(kInputUnreadable), model::Severity::Error, error,
                               {static_cast<model::FileId>(i), 0, 0, 0, 0}, {}});
      return d;
    }
    model::Device d = frontend::parse_text(text, s.path, static_cast<model::FileId>(i));
    if (keep_acls == nullptr) {  // the first reading: the device rules and suppressions
      parsed[i].bytes = text.size();
      if (text.find("havpnc:") != std::string_view::npos) {
        InlineScan scan = scan_inline_suppressions(d, text, known);
        parsed[i].suppressions = std::move(scan.suppressions);
        parsed[i].problems = std::move(scan.problems);
      }
    }
    return d;
  };
  parallel_for(n, jobs, [&](std::size_t k) {
    const std::size_t i = order[k];
    model::Device d = parse_one(i, nullptr);
    for (const Rule* r : active) {
      VectorSink sink(*r);
      r->check_device(d, sink);
      for (auto& f : sink.findings) per_device[i].push_back(std::move(f));
    }
    for (auto& f : parsed[i].problems) per_device[i].push_back(std::move(f));
    std::vector<Finding>().swap(parsed[i].problems);
    per_device[i].shrink_to_fit();
    if (!options.keep_full_models) dropped_acls[i] = keep_network_facts(d, nullptr);
    devices[i] = std::move(d);
    if (options.progress) options.progress(++done, n);
  });
  // A crypto map on one router of a pair may match an ACL that only the other router's
  // config defines without using it (ha-pair-drift compares both): such a device is read
  // again and keeps those ACLs. Rare; the generated bench has none.
  std::set<std::string> crypto_acls;
  for (const auto& d : devices) {
    for (const auto& [name, map] : d.crypto_maps) {
      for (const auto& e : map.entries) {
        if (e.match_address) crypto_acls.insert(e.match_address->value);
      }
    }
  }
  std::vector<std::size_t> again;
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& name : dropped_acls[i]) {
      if (crypto_acls.count(name) != 0) {
        again.push_back(i);
        break;
      }
    }
    std::vector<std::string>().swap(dropped_acls[i]);
  }
  parallel_for(again.size(), jobs, [&](std::size_t k) {
    const std::size_t i = again[k];
    model::Device d = parse_one(i, &crypto_acls);
    keep_network_facts(d, &crypto_acls);
    devices[i] = std::move(d);
  });
  for (std::size_t i = 0; i < n; ++i) {
    report.bytes += parsed[i].bytes;
    if (devices[i].status == model::ParseStatus::Failed) {
      for (const auto& d : devices[i].diagnostics) {
        if (d.rule == kInputUnreadable) report.unreadable = true;
      }
    } else {
      ++report.devices;
    }
  }
  report.files = n;
  auto t1 = Clock::now();

  // 2. One network of every device, then the network rules.
  report.network = std::make_unique<network::Network>(std::move(devices), std::move(files));
  const network::Network& net = *report.network;
  std::vector<std::vector<Finding>> per_rule(active.size());
  parallel_for(active.size(), jobs, [&](std::size_t k) {
    VectorSink sink(*active[k]);
    active[k]->check_network(net, sink);
    per_rule[k] = std::move(sink.findings);
  });
  auto t2 = Clock::now();
  report.parse_seconds = std::chrono::duration<double>(t1 - t0).count();
  report.rule_seconds = std::chrono::duration<double>(t2 - t1).count();

  // 3. Filter: disabled, severity overrides, inline and side-file suppressions.
  std::vector<std::string> relative(n);
  for (std::size_t i = 0; i < n; ++i) relative[i] = relative_to(sources[i].path, options.root);
  std::vector<Reported> kept;
  {
    std::size_t total = 0;
    for (const auto& v : per_device) total += v.size();
    for (const auto& v : per_rule) total += v.size();
    // Exact: a doubling vector of 5 million findings would hold twice their size while it
    // copies them over.
    kept.reserve(total);
  }
  auto consider = [&](Finding f) {
    if (!enabled(f.rule) && f.rule != kInputUnreadable) return;
    if (auto o = options.severity.find(f.rule); o != options.severity.end()) f.severity = o->second;
    const std::size_t file = f.location.file;
    if (file < n) {
      const model::Device& d = net.devices()[file];
      const std::string device_name = f.devices.empty() ? d.display_name() : f.devices.front();
      if (f.rule != kInputUnreadable &&
          (inline_suppressed(parsed[file].suppressions, f) ||
           side_suppressed(options.suppressions, f, relative[file], device_name))) {
        ++report.suppressed;
        return;
      }
    }
    Reported r;
    r.path = file < n ? sources[file].path : std::string();
    r.relative_path = file < n ? relative[file] : std::string();
    r.finding = std::move(f);
    kept.push_back(std::move(r));
  };
  // Each file's findings are released as soon as they are moved: their husks would
  // otherwise stay until the end, next to the reported copies.
  for (auto& v : per_device) {
    for (auto& f : v) consider(std::move(f));
    std::vector<Finding>().swap(v);
  }
  for (auto& v : per_rule) {
    for (auto& f : v) consider(std::move(f));
    std::vector<Finding>().swap(v);
  }

  // 4. The text of every line a finding points at (for carets and fingerprints), read once
  //    per file, in parallel.
  std::vector<std::vector<std::uint32_t>> wanted(n);
  for (const auto& r : kept) {
    if (r.finding.location.file < n && r.finding.location.valid()) wanted[r.finding.location.file].push_back(r.finding.location.line);
    for (const auto& rel : r.finding.related) {
      if (rel.range.file < n && rel.range.valid()) wanted[rel.range.file].push_back(rel.range.line);
    }
  }
  std::vector<NumberedLines> lines(n);
  parallel_for(n, jobs, [&](std::size_t i) {
    auto& w = wanted[i];
    if (w.empty()) return;
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    if (sources[i].text != nullptr) {
      lines[i] = lines_of(*sources[i].text, w);
    } else {
      std::string text, error;
      if (read_file(sources[i].path, options.max_file_bytes, text, error)) lines[i] = lines_of(text, w);
    }
    std::vector<std::uint32_t>().swap(w);
  });
  auto line_text = [&](const model::SourceRange& r) -> std::string {
    if (r.file >= n || !r.valid()) return {};
    const NumberedLines& l = lines[r.file];
    auto it = std::lower_bound(l.begin(), l.end(), r.line,
                               [](const auto& entry, std::uint32_t line) { return entry.first < line; });
    return it == l.end() || it->first != r.line ? std::string() : it->second;
  };
  // In blocks across the workers: at 10,000 devices this is 5 million fingerprints.
  constexpr std::size_t kBlock = 4096;
  parallel_for((kept.size() + kBlock - 1) / kBlock, jobs, [&](std::size_t b) {
    const std::size_t last = std::min(kept.size(), (b + 1) * kBlock);
    for (std::size_t k = b * kBlock; k < last; ++k) {
      Reported& r = kept[k];
      r.source_line = line_text(r.finding.location);
      for (const auto& rel : r.finding.related) {
        r.related_paths.push_back(rel.range.file < n ? sources[rel.range.file].path : std::string());
        r.related_relative_paths.push_back(rel.range.file < n ? relative[rel.range.file] : std::string());
        r.related_lines.push_back(line_text(rel.range));
      }
      const std::string device =
          r.finding.devices.empty()
              ? (r.finding.location.file < n ? net.devices()[r.finding.location.file].display_name() : std::string())
              : r.finding.devices.front();
      r.fingerprint = fingerprint(r.finding.rule, device, r.finding.message, r.source_line);
    }
  });
  std::vector<NumberedLines>().swap(lines);

  // 5. Baseline, then a deterministic order.
  {
    std::vector<std::string> paths;
    paths.reserve(n);
    for (const auto& src : sources) paths.push_back(src.path);
    const FindingLess less(paths);
    std::sort(kept.begin(), kept.end(), [&less](const Reported& a, const Reported& b) { return less(a, b); });
  }
  if (options.baseline != nullptr) {
    Baseline baseline = *options.baseline;
    std::vector<Reported> fresh;
    for (auto& r : kept) {
      if (r.finding.rule != kInputUnreadable && baseline.take(r.fingerprint)) {
        ++report.baselined;
      } else {
        fresh.push_back(std::move(r));
      }
    }
    kept = std::move(fresh);
  }
  report.findings = std::move(kept);
  return report;
}

}  // namespace havpnc::lint
