// Verifies a silkport-receipt/v1 ledger receipt in the browser, step by step, with WebCrypto
// only (SHA-256 and Ed25519): the entry is canonical (docs/ledger-entry-format.md), its RFC 9162
// leaf hash, the log key's id, the log's Ed25519 signature on the C2SP checkpoint note, the
// RFC 9162 §2.1.3.2 inclusion proof up to the checkpoint's root, and any witness cosignatures
// (cosignature/v1) for the keys given. Nothing is sent anywhere; text from the receipt is put
// in the page with textContent only.
"use strict";

(function () {
  const utf8 = new TextEncoder();

  function b64decode(s) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new Error("not base64: " + s.slice(0, 40));
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function b64encode(bytes) {
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  function equal(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }

  function compareBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  // RFC 9162 §2.1.1: leaf and interior node hashes.
  const leafHash = (entry) => sha256(concat(Uint8Array.of(0), entry));
  const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));

  // RFC 9162 §2.1.3.2: the root an inclusion proof leads to from leaf `index` of a tree of `size`.
  async function rootFromProof(index, size, leaf, proof) {
    if (index >= size) throw new Error("index " + index + " is not below the tree size " + size);
    let fn = BigInt(index);
    let sn = BigInt(size) - 1n;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0n) throw new Error("the proof has more hashes than the tree needs");
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(p, r);
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) {
            fn >>= 1n;
            sn >>= 1n;
          }
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    if (sn !== 0n) throw new Error("the proof has fewer hashes than the tree needs");
    return r;
  }

  // docs/ledger-entry-format.md: the one canonical encoding of an entry.
  function checkEntry(text) {
    const fail = (why) => {
      throw new Error(why);
    };
    if (!text.endsWith("\n")) fail("the entry does not end with a line feed");
    const lines = text.slice(0, -1).split("\n");
    const token = /^[^\s\x00-\x1f\x7f]{1,256}$/;
    const lower = /^[a-z][a-z0-9-]{0,255}$/;
    const isText = (s) => s.length > 0 && !/[\x00-\x1f\x7f]/.test(s) && s.trim() === s;
    if (lines[0] !== "silkport/ledger-entry/v1") fail("the first line is not silkport/ledger-entry/v1");
    const field = (i, name, re) => {
      const line = lines[i] || "";
      if (!line.startsWith(name + " ")) fail("line " + (i + 1) + " should start with \"" + name + " \"");
      const v = line.slice(name.length + 1);
      if (!re.test(v)) fail("line " + (i + 1) + ": \"" + v + "\" is not a valid " + name);
      return v;
    };
    const right = field(1, "right", token);
    const event = field(2, "event", lower);
    const date = field(3, "date", /^\d{4}-\d{2}-\d{2}$/);
    const d = new Date(date + "T00:00:00Z");
    if (isNaN(d) || d.toISOString().slice(0, 10) !== date) fail(date + " is not a calendar date");
    let i = 4;
    let ref = null;
    if ((lines[i] || "").startsWith("ref ")) ref = field(i++, "ref", token);
    const groups = { party: [], attr: [], doc: [] };
    const order = ["party", "attr", "doc"];
    let stage = 0;
    for (; i < lines.length; i++) {
      const line = lines[i];
      const kind = line.split(" ", 1)[0];
      const at = order.indexOf(kind);
      if (at < 0) fail("line " + (i + 1) + " is not a party, attr or doc line");
      if (at < stage) fail("line " + (i + 1) + ": " + kind + " lines come before " + order[stage] + " lines");
      stage = at;
      const rest = line.slice(kind.length + 1);
      const sp = rest.indexOf(" ");
      const key = sp < 0 ? rest : rest.slice(0, sp);
      const value = sp < 0 ? "" : rest.slice(sp + 1);
      if (kind === "doc") {
        if (key !== "sha256" || !/^[0-9a-f]{64}$/.test(value)) fail("line " + (i + 1) + " is not doc sha256 <64 hex digits>");
      } else if (!lower.test(key) || !isText(value)) {
        fail("line " + (i + 1) + " is not " + kind + " <lowercase key> <text>");
      }
      groups[kind].push({ line: utf8.encode(line), key: utf8.encode(key) });
    }
    for (const kind of order) {
      const g = groups[kind];
      for (let j = 1; j < g.length; j++) {
        const c = kind === "attr" ? compareBytes(g[j - 1].key, g[j].key) : compareBytes(g[j - 1].line, g[j].line);
        if (c >= 0) fail(kind + " lines are not in canonical order, or repeat");
      }
    }
    return { right, event, date, ref };
  }

  // A verifier key `<name>+<hex key id>+<base64(type || public key)>`. Names hold no "+",
  // base64 may: split at the first two.
  function parseKey(s) {
    s = s.trim();
    const a = s.indexOf("+");
    const b = a < 0 ? -1 : s.indexOf("+", a + 1);
    if (a <= 0 || b < 0 || !/^[0-9a-f]{8}$/.test(s.slice(a + 1, b))) {
      throw new Error("not a verifier key (name+id+key): " + s.slice(0, 60));
    }
    const raw = b64decode(s.slice(b + 1));
    if (raw.length !== 33) throw new Error("not an Ed25519 verifier key: " + s.slice(0, 60));
    return { name: s.slice(0, a), id: s.slice(a + 1, b), type: raw[0], pub: raw.slice(1), text: s };
  }

  // C2SP signed note: key ID = SHA-256(name || 0x0A || type || public key)[:4].
  async function keyId(name, type, pub) {
    return (await sha256(concat(utf8.encode(name), Uint8Array.of(0x0a, type), pub))).slice(0, 4);
  }

  // A signed note: its text (up to the blank line) and its signature lines.
  function parseNote(note) {
    const split = note.indexOf("\n\n");
    if (split < 0) throw new Error("the checkpoint has no blank line before its signatures");
    const text = note.slice(0, split + 1);
    const sigs = [];
    for (const line of note.slice(split + 2).split("\n")) {
      if (line === "") continue;
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m) throw new Error("malformed signature line: " + line.slice(0, 60));
      const bytes = b64decode(m[2]);
      if (bytes.length < 5) throw new Error("a signature is too short");
      sigs.push({ name: m[1], id: bytes.slice(0, 4), sig: bytes.slice(4) });
    }
    return { text, sigs };
  }

  async function ed25519(pub, sig, message) {
    const key = await crypto.subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
    return crypto.subtle.verify({ name: "Ed25519" }, key, sig, message);
  }

  function fill(template, values) {
    let i = 0;
    return template.replace(/\{\}/g, () => String(values[i++]));
  }

  // Runs every step, reporting each through `report(ok, label, detail)`; returns true when all passed.
  async function verify(receipt, logKeys, witnessKeys, quorum, m, report) {
    const step = async (label, fn) => {
      try {
        const detail = await fn();
        report(true, label, detail);
      } catch (e) {
        report(false, label, e.message || String(e));
        throw e;
      }
    };
    const out = {};
    try {
      await step(m.format, () => {
        if (receipt.receipt !== "silkport-receipt/v1") throw new Error("format " + JSON.stringify(receipt.receipt));
        if (typeof receipt.entry !== "string" || !Array.isArray(receipt.inclusion_proof)) throw new Error("fields missing");
        return "silkport-receipt/v1";
      });
      await step(m.entry, () => {
        out.entry = checkEntry(receipt.entry);
        return out.entry.right + " · " + out.entry.event + " · " + out.entry.date + (out.entry.ref ? " · " + out.entry.ref : "");
      });
      await step(m.leaf, async () => {
        out.leaf = await leafHash(utf8.encode(receipt.entry));
        return hex(out.leaf);
      });
      await step(m.checkpoint, () => {
        out.note = parseNote(receipt.checkpoint);
        const lines = out.note.text.split("\n");
        if (lines.length < 4) throw new Error("the checkpoint text has fewer than three lines");
        out.origin = lines[0];
        if (!/^[1-9][0-9]*$|^0$/.test(lines[1])) throw new Error("size " + lines[1] + " is not a number");
        out.size = Number(lines[1]);
        out.root = b64decode(lines[2]);
        if (out.root.length !== 32) throw new Error("the root hash is not 32 bytes");
        if (out.size !== receipt.tree_size) throw new Error(fill(m.size_differs, [receipt.tree_size, out.size]));
        return out.origin + " · " + out.size + " · " + lines[2];
      });
      await step(m.signature, async () => {
        const keys = logKeys.map(parseKey).filter((k) => k.type === 0x01 && k.name === out.origin);
        if (keys.length === 0) throw new Error(fill(m.no_key, [out.origin]));
        for (const k of keys) {
          const id = await keyId(k.name, k.type, k.pub);
          if (hex(id) !== k.id) throw new Error(fill(m.bad_key_id, [k.text.slice(0, 60)]));
          for (const s of out.note.sigs) {
            if (s.name !== k.name || !equal(s.id, id) || s.sig.length !== 64) continue;
            if (await ed25519(k.pub, s.sig, utf8.encode(out.note.text))) {
              out.logKey = k;
              return k.name + "+" + k.id;
            }
          }
        }
        throw new Error(m.no_signature);
      });
      await step(m.inclusion, async () => {
        const proof = receipt.inclusion_proof.map(b64decode);
        if (proof.some((h) => h.length !== 32)) throw new Error("a proof hash is not 32 bytes");
        const root = await rootFromProof(receipt.index, receipt.tree_size, out.leaf, proof);
        if (!equal(root, out.root)) throw new Error(fill(m.root_differs, [b64encode(root), b64encode(out.root)]));
        return fill(m.inclusion_detail, [proof.length, receipt.index, receipt.tree_size]);
      });
      await step(m.witnesses, async () => {
        const seen = new Set();
        for (const w of witnessKeys.map(parseKey)) {
          if (w.type !== 0x04) throw new Error(fill(m.not_witness_key, [w.text.slice(0, 60)]));
          const id = await keyId(w.name, w.type, w.pub);
          for (const s of out.note.sigs) {
            if (s.name !== w.name || !equal(s.id, id) || s.sig.length !== 72) continue;
            let ts = 0n;
            for (const b of s.sig.slice(0, 8)) ts = (ts << 8n) | BigInt(b);
            const msg = utf8.encode("cosignature/v1\ntime " + ts.toString() + "\n" + out.note.text);
            if (await ed25519(w.pub, s.sig.slice(8), msg)) seen.add(w.name);
          }
        }
        const others = out.note.sigs.length - 1;
        if (seen.size < quorum) throw new Error(fill(m.quorum_missed, [seen.size, quorum]));
        return fill(m.witness_detail, [seen.size, quorum, others]);
      });
      return true;
    } catch (e) {
      return false;
    }
  }

  function lines(text) {
    return text
      .split("\n")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }

  // Shows the steps in `box` (an element with data-msgs); returns true when all passed.
  async function run(box, receipt, logKeys, witnessKeys, quorum) {
    const m = JSON.parse(box.dataset.msgs);
    const list = document.createElement("ol");
    list.className = "steps";
    box.replaceChildren(list);
    box.removeAttribute("data-result");
    const report = (ok, label, detail) => {
      const li = document.createElement("li");
      li.className = ok ? "ok" : "fail";
      const mark = document.createElement("span");
      mark.className = "mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = ok ? "✓" : "✗";
      const status = document.createElement("strong");
      status.textContent = (ok ? m.passed : m.failed) + " ";
      const what = document.createElement("span");
      what.textContent = label;
      const info = document.createElement("code");
      info.textContent = detail;
      li.append(mark, " ", status, what, document.createElement("br"), info);
      list.append(li);
    };
    let ok = false;
    if (!window.crypto || !crypto.subtle) {
      report(false, m.webcrypto, m.no_webcrypto);
    } else {
      ok = await verify(receipt, logKeys, witnessKeys, quorum, m, report);
    }
    const verdict = document.createElement("p");
    verdict.className = ok ? "verdict ok" : "verdict fail";
    verdict.setAttribute("role", "status");
    verdict.textContent = ok ? m.verified : m.not_verified;
    box.append(verdict);
    box.dataset.result = ok ? "ok" : "fail";
    return ok;
  }

  // Record pages: a "verify" button per receipt fetches it from this server and checks it.
  function wireReceiptButtons() {
    for (const holder of document.querySelectorAll("[data-log-keys]")) {
      const keys = lines(holder.dataset.logKeys);
      for (const button of holder.querySelectorAll("button.verify")) {
        button.hidden = false;
        button.addEventListener("click", async () => {
          const box = document.getElementById(button.getAttribute("aria-controls"));
          button.disabled = true;
          try {
            const response = await fetch(button.dataset.url, { credentials: "same-origin" });
            if (!response.ok) throw new Error("HTTP " + response.status);
            await run(box, await response.json(), keys, [], 0);
          } catch (e) {
            box.textContent = e.message;
            box.dataset.result = "fail";
          } finally {
            button.disabled = false;
          }
        });
      }
    }
    for (const hint of document.querySelectorAll(".needs-js")) hint.hidden = true;
  }

  // The /verify page: a receipt pasted or loaded from a file, checked against the keys given.
  function wireVerifyForm() {
    const form = document.getElementById("verify-form");
    if (!form) return;
    form.hidden = false;
    const text = document.getElementById("receipt-text");
    document.getElementById("receipt-file").addEventListener("change", async (ev) => {
      const file = ev.target.files[0];
      if (file) text.value = await file.text();
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const box = document.getElementById("verify-steps");
      let receipt;
      try {
        receipt = JSON.parse(text.value);
      } catch (e) {
        const m = JSON.parse(box.dataset.msgs);
        box.textContent = m.not_json + " " + e.message;
        box.dataset.result = "fail";
        return;
      }
      const quorum = Number(document.getElementById("quorum").value || "0");
      await run(
        box,
        receipt,
        lines(document.getElementById("log-keys").value),
        lines(document.getElementById("witness-keys").value),
        quorum,
      );
    });
  }

  wireReceiptButtons();
  wireVerifyForm();
})();
