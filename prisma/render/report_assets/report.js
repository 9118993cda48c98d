(function () {
  "use strict";
  performance.mark("report-script");  // the page is parsed up to here (see `make bench`)
  // Every value from the data goes into the page through textContent or an
  // attribute set by the DOM API: never through innerHTML.
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var RF = index(D.record_fields), DF = index(D.decision_fields), MF = index(D.match_fields);
  var R = D.records, W = D.words;
  // Repeated strings travel as indexes into D.words; put the strings back once.
  R.forEach(function (r) { r[RF.date] = W[r[RF.date]]; r[RF.journal] = W[r[RF.journal]]; });
  D.decisions.forEach(function (d) {
    [DF.time, DF.stage, DF.decision, DF.role].forEach(function (f) { d[f] = W[d[f]]; });
    d[DF.reasons] = d[DF.reasons].map(function (c) { return W[c]; });
  });
  D.settled.forEach(function (s) {
    [1, 2, 3, 5].forEach(function (f) { s[f] = W[s[f]]; });
    s[4] = s[4].map(function (c) { return W[c]; });
  });
  D.landed.forEach(function (l) { l[1] = W[l[1]]; l[2] = W[l[2]]; });
  var byId = new Map();
  var members = new Map();
  for (var i = 0; i < R.length; i++) {
    byId.set(R[i][RF.id], i);
    push(members, R[i][RF.study], i);
  }
  var decisionsOf = new Map();
  D.decisions.forEach(function (d) { push(decisionsOf, R[d[DF.record]][RF.study], d); });
  var settledOf = new Map();
  D.settled.forEach(function (s) { push(settledOf, s[0], s); });
  var matchesOf = new Map();
  D.matches.forEach(function (m) { push(matchesOf, R[m[MF.a]][RF.study], m); });
  var maybeOf = new Map();
  D.maybe.forEach(function (m) {
    push(maybeOf, R[m[MF.a]][RF.study], m);
    if (R[m[MF.b]][RF.study] !== R[m[MF.a]][RF.study]) push(maybeOf, R[m[MF.b]][RF.study], m);
  });
  var landed = new Map();
  D.landed.forEach(function (l) { landed.set(l[0], l); });
  var reportStudy = new Map();  // a companion report -> the study it belongs to
  var companionsOf = new Map();
  D.report_study.forEach(function (p) { reportStudy.set(p[0], p[1]); push(companionsOf, p[1], p[0]); });
  function studyOfReport(n) { return reportStudy.has(n) ? reportStudy.get(n) : n; }
  var boxes = new Map();
  D.boxes.forEach(function (b) { boxes.set(b.key, b); });
  var reasonLabels = D.reason_labels;
  var allIds = null;

  var $ = function (id) { return document.getElementById(id); };
  var view = { kind: "all", key: "", ids: null, page: 0, rows: [] };
  var lastList = "#all";

  function index(fields) {
    var out = {};
    fields.forEach(function (f, n) { out[f] = n; });
    return out;
  }
  function push(map, key, value) {
    var list = map.get(key);
    if (!list) { list = []; map.set(key, list); }
    list.push(value);
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "cls") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function studyHref(id) { return "#study-" + encodeURIComponent(id); }
  function studyLink(n) { return el("a", { href: studyHref(R[n][RF.id]), text: R[n][RF.id] }); }
  function reasonText(codes) {
    return codes.map(function (c) { return reasonLabels[c] || c; }).join("; ");
  }
  function fileName(path) { return path.split("/").pop(); }
  function sourceLabel(n) { var s = D.sources[n]; return D.source_labels[s] || s; }
  function unitWord(box, n) {
    var unit = box ? box.unit : "records";
    if (n !== 1) return unit;
    return unit === "studies" ? "study" : unit.replace(/s$/, "");
  }

  // ---- filters -------------------------------------------------------------
  function fillSelect(select, items) {
    items.forEach(function (item) { select.appendChild(el("option", { value: item[0], text: item[1] })); });
  }
  fillSelect($("f-source"), D.sources.map(function (s, n) { return [String(n), sourceLabel(n)]; }));
  fillSelect($("f-reason"), D.reasons.map(function (r) { return [r[0], r[1]]; }));
  fillSelect($("f-screener"), D.screeners.map(function (s, n) { return [String(n), s]; }));

  var haystack = null;
  function haystackOf(n) {
    if (!haystack) haystack = new Array(R.length);
    var h = haystack[n];
    if (h === undefined) {
      var r = R[n];
      h = haystack[n] = [r[RF.id], r[RF.title], r[RF.author], r[RF.year], r[RF.doi], r[RF.journal]]
        .join(" ").toLowerCase();
    }
    return h;
  }
  function studyHas(n, test) {
    var ds = decisionsOf.get(R[n][RF.study]) || [];
    for (var k = 0; k < ds.length; k++) if (test(ds[k])) return true;
    return false;
  }
  function settledHas(n, reason) {
    var ss = settledOf.get(R[n][RF.study]) || [];
    for (var k = 0; k < ss.length; k++) if (ss[k][2] === "settled" && ss[k][4].indexOf(reason) >= 0) return true;
    return false;
  }
  function filtered() {
    var terms = $("q").value.toLowerCase().split(/\s+/).filter(Boolean);
    var source = $("f-source").value, reason = $("f-reason").value, screener = $("f-screener").value;
    var src = source === "" ? -1 : Number(source), scr = screener === "" ? -1 : Number(screener);
    var ids = view.ids, out = [];
    for (var k = 0; k < ids.length; k++) {
      var n = ids[k];
      if (src >= 0 && R[n][RF.source] !== src) continue;
      if (reason) {
        var l = landed.get(n);
        // As counted: a report under a reason matches that reason only (its primary
        // one); any other record, a reason of a settled decision on its study (a
        // screener's reason the arbiter overruled does not count).
        if (l && l[2] ? l[2] !== reason : !settledHas(n, reason)) continue;
      }
      if (scr >= 0 && !studyHas(n, function (d) { return d[DF.screener] === scr; })) continue;
      if (terms.length) {
        var h = haystackOf(n), ok = true;
        for (var t = 0; t < terms.length && ok; t++) ok = h.indexOf(terms[t]) >= 0;
        if (!ok) continue;
      }
      out.push(n);
    }
    return out;
  }

  // ---- the list ------------------------------------------------------------
  function decisionItems(n) {
    // One line per distinct decision (stage, decision, reasons); under it who made
    // it, when, and from which hand-back file, so a row stays short.
    var ds = decisionsOf.get(R[n][RF.study]) || [];
    var groups = new Map();
    ds.forEach(function (d) {
      var key = d[DF.stage] + "|" + d[DF.decision] + "|" + d[DF.reasons].join(";");
      push(groups, key, d);
    });
    var items = [];
    groups.forEach(function (list) {
      var d = list[0];
      var text = (D.stages[d[DF.stage]] || d[DF.stage]) + ": " + d[DF.decision].replace("_", " ");
      if (d[DF.reasons].length) text += " (" + reasonText(d[DF.reasons]) + ")";
      var who = list.map(function (e) {
        return D.screeners[e[DF.screener]] + (e[DF.role] === "screener" ? "" : " [" + e[DF.role] + "]") +
          ", " + e[DF.time].slice(0, 10) + ", " + fileName(D.files[e[DF.file]]);
      });
      items.push(el("li", null, [text, el("div", { cls: "small", text: who.join("; ") })]));
    });
    return items;
  }
  function matchOf(n) {
    var ms = matchesOf.get(R[n][RF.study]) || [];
    for (var k = 0; k < ms.length; k++) if (ms[k][MF.a] === n || ms[k][MF.b] === n) return ms[k];
    return null;
  }
  function clusterCell(n) {
    var study = R[n][RF.study], group = members.get(study) || [n];
    var td = el("td");
    if (study !== n) {
      td.appendChild(document.createTextNode("duplicate of "));
      td.appendChild(studyLink(study));
      var m = matchOf(n);
      if (m) td.appendChild(el("div", { cls: "small", text: D.rules[m[MF.rule]] + ", score " + m[MF.score] }));
    } else if (group.length > 1) {
      td.appendChild(document.createTextNode(group.length + " records merged"));
      var ms = matchesOf.get(study) || [];
      var rules = Array.from(new Set(ms.map(function (m) { return D.rules[m[MF.rule]]; }))).sort();
      if (rules.length) td.appendChild(el("div", { cls: "small", text: "by " + rules.join(", ") }));
    } else {
      td.appendChild(el("span", { cls: "small", text: "single record" }));
    }
    return td;
  }
  function row(n) {
    var r = R[n];
    var path = D.files[r[RF.file]] + (r[RF.line] !== "" ? ":" + r[RF.line] : "");
    var file = path.replace(/^records\/raw\//, "");
    var items = decisionItems(n);
    return el("tr", { "data-id": r[RF.id] }, [
      el("td", { cls: "id" }, [el("a", { href: studyHref(r[RF.id]), text: r[RF.id], "aria-label": "History of " + r[RF.id] })]),
      el("td", { text: r[RF.title] }),
      el("td", { text: r[RF.author] }),
      el("td", { text: String(r[RF.year]) }),
      el("td", null, [sourceLabel(r[RF.source]), el("div", { cls: "small", title: path, text: file })]),
      el("td", null, [items.length ? el("ul", null, items) : el("span", { cls: "small", text: "none" })]),
      clusterCell(n)
    ]);
  }
  function pageSize() { return Number($("f-size").value); }
  function renderRows() {
    var size = pageSize(), total = view.rows.length;
    var pages = Math.max(1, Math.ceil(total / size));
    view.page = Math.min(Math.max(0, view.page), pages - 1);
    var start = view.page * size, end = Math.min(total, start + size);
    var body = el("tbody", { id: "list-body" });
    for (var k = start; k < end; k++) body.appendChild(row(view.rows[k]));
    $("list-body").replaceWith(body);
    var all = view.ids.length;
    $("list-status").textContent = total
      ? "Showing " + (start + 1) + "–" + end + " of " + total + (total !== all ? " (filtered from " + all + ")" : "")
      : "No rows match" + (all ? " (of " + all + ")" : "") + ".";
    $("page-info").textContent = "Page " + (view.page + 1) + " of " + pages;
    $("page-first").disabled = $("page-prev").disabled = view.page === 0;
    $("page-next").disabled = $("page-last").disabled = view.page >= pages - 1;
  }
  function refilter() {
    view.rows = filtered();
    view.page = 0;
    renderRows();
  }
  function showList(kind, key) {
    var title, desc, ids, box = null;
    if (kind === "box") {
      box = boxes.get(key);
      ids = box.ids;
      title = box.label + " (n = " + ids.length + ")";
      var count = ids.length + " " + unitWord(box, ids.length);
      if (box.unit === "reports") {
        // PRISMA 2020 counts reports and studies apart: say how many studies they are.
        var studies = new Set(ids.map(function (n) { return studyOfReport(R[n][RF.study]); })).size;
        count += " of " + studies + " " + (studies === 1 ? "study" : "studies");
      }
      desc = box.group + ". " + count +
        "; each row shows the decisions and merges behind it. Open an ID for its full history.";
    } else if (kind === "finding") {
      var f = D.findings[Number(key)];
      ids = f.ids;
      title = "Finding: " + f.code + " (" + f.severity + ")";
      desc = f.message + (f.unknown.length ? " Ids not among the records: " + f.unknown.join(", ") : "");
    } else {
      if (!allIds) { allIds = []; for (var k = 0; k < R.length; k++) allIds.push(k); }
      ids = allIds;
      title = "All records (n = " + ids.length + ")";
      desc = "Every record of every logged search, in every round.";
    }
    view.kind = kind; view.key = key; view.ids = ids;
    // The references behind a box, for a reference manager, come from the command line.
    $("export-hint").textContent = box && box.export ? "RIS or BibTeX: " + box.export : "";
    $("list-title").textContent = title;
    $("list-desc").textContent = desc;
    $("list-caption").textContent = title;
    markCurrent(kind === "box" ? key : null);
    $("study-view").hidden = true;
    $("list-view").hidden = false;
    refilter();
  }
  function markCurrent(key) {
    document.querySelectorAll("svg.diagram a.current, .contents a.current").forEach(function (a) {
      a.classList.remove("current");
      a.removeAttribute("aria-current");
    });
    if (!key) return;
    document.querySelectorAll('a[href="#box-' + CSS.escape(key) + '"]').forEach(function (a) {
      a.classList.add("current");
      if (!a.hasAttribute("aria-hidden")) a.setAttribute("aria-current", "true");
    });
  }

  // ---- a study's history ---------------------------------------------------
  function table(caption, head, rows) {
    return el("table", null, [
      el("caption", { cls: "visually-hidden", text: caption }),
      el("thead", null, [el("tr", null, head.map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", null, rows.map(function (cells) {
        return el("tr", null, cells.map(function (c) { return typeof c === "string" ? el("td", { text: c }) : el("td", null, [c]); }));
      }))
    ]);
  }
  function boxLink(leaf, reason) {
    var key = leaf === "dbr_included" || leaf === "other_included" ? "new_studies" : leaf;
    if (reason && boxes.has(key + "/" + reason)) key = key + "/" + reason;
    var box = boxes.get(key);
    return box ? el("a", { href: "#box-" + key, text: box.label }) : document.createTextNode(leaf);
  }
  function showStudy(id) {
    var n = byId.get(id);
    $("list-view").hidden = true;
    $("study-view").hidden = false;
    $("study-back").setAttribute("href", lastList);
    var body = el("div", { id: "study-body" });
    if (n === undefined) {
      $("study-title").textContent = "No record " + id;
      body.appendChild(el("p", { text: "This report holds no record with that id." }));
      $("study-body").replaceWith(body);
      return;
    }
    var study = R[n][RF.study], group = members.get(study) || [n];
    $("study-title").textContent = "Study " + R[study][RF.id];
    body.appendChild(el("p", { cls: "desc", text: (study !== n ? "Record " + id + " is one of its " + group.length + " records. " : "") + R[study][RF.title] }));

    if (reportStudy.has(study)) {
      body.appendChild(el("p", null, ["A companion report of study ", studyLink(reportStudy.get(study)), " (same_study_as)."]));
    }
    var companions = companionsOf.get(study) || [];
    if (companions.length) {
      var list = el("ul");
      companions.forEach(function (c) { list.appendChild(el("li", null, [studyLink(c), " " + R[c][RF.title]])); });
      body.appendChild(el("p", { text: "Its companion reports (" + companions.length + "), counted as reports of this study:" }));
      body.appendChild(list);
    }
    body.appendChild(el("h3", { text: "On the diagram" }));
    var where = el("ul");
    group.forEach(function (m) {
      var l = landed.get(m);
      var text = R[m][RF.id] + " (round " + R[m][RF.round] + "): ";
      var none = R[m][RF.round] < D.round ? "an earlier round's record" : "not in this round's flow";
      where.appendChild(el("li", null, l ? [text, boxLink(l[1], l[2])] : [text + none]));
    });
    body.appendChild(where);

    body.appendChild(el("h3", { text: "Records in this study (" + group.length + ")" }));
    body.appendChild(table("Records in this study", ["ID", "Source", "File", "Round", "Searched", "Title", "First author", "Year", "DOI"],
      group.map(function (m) {
        var r = R[m];
        return [r[RF.id], sourceLabel(r[RF.source]), D.files[r[RF.file]] + (r[RF.line] !== "" ? ":" + r[RF.line] : ""),
          String(r[RF.round]), r[RF.date], r[RF.title], r[RF.author], String(r[RF.year]), r[RF.doi]];
      })));

    var ms = matchesOf.get(study) || [];
    body.appendChild(el("h3", { text: "Merges (" + ms.length + ")" }));
    if (ms.length) {
      body.appendChild(table("Merges that built this study", ["Record", "Record", "Rule", "Score", "Detail"],
        ms.map(function (m) { return [R[m[MF.a]][RF.id], R[m[MF.b]][RF.id], D.rules[m[MF.rule]], String(m[MF.score]), m[MF.detail]]; })));
    } else {
      body.appendChild(el("p", { cls: "small", text: group.length > 1 ? "Merged by a person's verdict in records/duplicates_review.csv." : "No other record was merged into this one." }));
    }
    var maybe = maybeOf.get(study) || [];
    if (maybe.length) {
      body.appendChild(el("h3", { text: "Possible duplicates awaiting a verdict (" + maybe.length + ")" }));
      body.appendChild(table("Possible duplicates", ["Record", "Record", "Rule", "Score", "Detail"],
        maybe.map(function (m) { return [studyLink(m[MF.a]), studyLink(m[MF.b]), D.rules[m[MF.rule]], String(m[MF.score]), m[MF.detail]]; })));
    }

    var settled = settledOf.get(study) || [];
    body.appendChild(el("h3", { text: "Outcome per stage" }));
    if (settled.length) {
      body.appendChild(table("Outcome per stage", ["Stage", "Status", "Decision", "Reasons", "Settled by"],
        settled.map(function (s) { return [D.stages[s[1]] || s[1], s[2], s[3].replace("_", " "), reasonText(s[4]), s[5]]; })));
    } else {
      body.appendChild(el("p", { cls: "small", text: "No decision yet." }));
    }
    var ds = decisionsOf.get(study) || [];
    body.appendChild(el("h3", { text: "Decisions (" + ds.length + "), in ledger order" }));
    if (ds.length) {
      body.appendChild(table("Decisions", ["When", "Round", "Stage", "Record", "Decision", "Reasons", "Screener", "Role", "Hand-back file", "Notes"],
        ds.map(function (d) {
          return [d[DF.time], String(d[DF.round]), D.stages[d[DF.stage]] || d[DF.stage], R[d[DF.record]][RF.id],
            d[DF.decision].replace("_", " "), reasonText(d[DF.reasons]), D.screeners[d[DF.screener]], d[DF.role],
            el("span", { cls: "mono", text: D.files[d[DF.file]] }), d[DF.notes]];
        })));
    }
    $("study-body").replaceWith(body);
  }

  // ---- routing: every view is a real link ----------------------------------
  function decode(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }  // a hand-typed "%"
  }
  function route(focus) {
    var hash = location.hash;
    var target = null;
    if (hash.indexOf("#box-") === 0 && boxes.has(decode(hash.slice(5)))) {
      lastList = hash;
      showList("box", decode(hash.slice(5)));
      target = $("list-title");
    } else if (hash.indexOf("#finding-") === 0 && D.findings[Number(hash.slice(9))]) {
      lastList = hash;
      showList("finding", hash.slice(9));
      target = $("list-title");
    } else if (hash.indexOf("#study-") === 0) {
      showStudy(decode(hash.slice(7)));
      target = $("study-title");
    } else if (hash === "#all" || view.ids === null) {
      lastList = "#all";
      showList("all", "");
      if (hash === "#all") target = $("list-title");
    }
    if (focus && target) target.focus();
    // Tells a reader of the page (and the browser tests) which view is on screen.
    $("viewer").setAttribute("data-view", location.hash || "#all");
  }
  var timer = 0;
  $("q").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refilter, R.length > 20000 ? 200 : 60);
  });
  ["f-source", "f-reason", "f-screener"].forEach(function (id) { $(id).addEventListener("change", refilter); });
  $("f-size").addEventListener("change", renderRows);
  $("filters").addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); refilter(); });
  $("page-first").addEventListener("click", function () { view.page = 0; renderRows(); });
  $("page-prev").addEventListener("click", function () { view.page -= 1; renderRows(); });
  $("page-next").addEventListener("click", function () { view.page += 1; renderRows(); });
  $("page-last").addEventListener("click", function () { view.page = 1e9; renderRows(); });
  $("download-csv").addEventListener("click", function () {
    var quote = function (v) { v = String(v); return /[",\n\r]/.test(v) || /^[=+\-@\t]/.test(v) ? '"' + v.replace(/"/g, '""').replace(/^([=+\-@\t])/, "'$1") + '"' : v; };
    var lines = ["record_id,study_id,title,first_author,year,source,file,doi"];
    view.rows.forEach(function (n) {
      var r = R[n];
      lines.push([r[RF.id], R[r[RF.study]][RF.id], r[RF.title], r[RF.author], r[RF.year], D.sources[r[RF.source]], D.files[r[RF.file]], r[RF.doi]].map(quote).join(","));
    });
    var url = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" }));
    var a = el("a", { href: url, download: (view.key || view.kind).replace(/[^\w.-]+/g, "_") + ".csv" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  window.addEventListener("hashchange", function () { route(true); });
  route(false);
  document.documentElement.setAttribute("data-ready", "true");
  performance.mark("report-ready");  // the load time `make bench` reports
})();
