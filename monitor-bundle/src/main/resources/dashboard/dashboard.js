// The wsstream dashboard: reads /wsstream/monitor (one JSON snapshot a second) and draws it. The chart is SVG
// drawn here, without a charting library: a few polylines need no dependency, no licence to carry and no build step.
// Every value from the server goes into the page as text (textContent), never as HTML: tailed messages are
// whatever clients sent.
"use strict";

const WINDOW_SECONDS = 60;
const CHART = { width: 760, height: 240, left: 44, right: 10, top: 10, bottom: 22 };
const COLOURS = ["#2f5fd0", "#d0452f", "#2e9e5b", "#a05fd0", "#d09a2f", "#2fa7d0", "#d02f8c", "#6b7a2f"];
const SVG = "http://www.w3.org/2000/svg";

const state = document.getElementById("monitor-state");
const history = new Map(); // handler path -> [{time, rate}]
const colours = new Map();
// dashboard/#tail=/chat opens with that path's tail; #token=... is below
const fragment = new URLSearchParams(location.hash.slice(1));
let socket;
let tailing = fragment.get("tail");
if (tailing) {
  document.getElementById("tail-path").value = tailing;
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  // a bearer token for servers with an authenticator: dashboard/#token=..., sent as a subprotocol (a page cannot
  // set headers); the fragment never leaves the browser in a request, unlike a query string
  const token = fragment.get("token");
  const protocols = token ? ["wsstream.bearer", "wsstream.bearer." + token] : [];
  socket = new WebSocket(scheme + "//" + location.host + "/wsstream/monitor", protocols);
  setState("connecting");
  socket.onopen = () => {
    setState("open");
    if (tailing) {
      request(tailing);
    }
  };
  socket.onclose = event => {
    setState("closed", "closed (" + event.code + "), retrying");
    setTimeout(connect, 3000);
  };
  socket.onmessage = event => {
    const data = JSON.parse(event.data);
    if (data.type === "snapshot") {
      show(data);
    } else if (data.type === "error") {
      document.getElementById("tail-info").textContent = "refused: " + data.error;
    }
  };
}

function setState(name, text) {
  state.dataset.state = name;
  state.textContent = text || name;
}

function request(path) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ tail: path }));
  }
}

function show(snapshot) {
  const open = snapshot.servers.reduce((sum, server) => sum + server.openStreams, 0);
  document.getElementById("summary").textContent = snapshot.servers.length + " server(s), " + open
    + " open stream(s), " + new Date(snapshot.time).toLocaleTimeString();
  record(snapshot);
  drawChart(snapshot.time);
  rows("paths", snapshot.paths, p => [p.path, num(p.openStreams), num(p.inPerSecond), num(p.outPerSecond)], p => p.path);
  rows("servers", snapshot.servers, s => [s.name, s.host + ":" + s.port, num(s.openStreams),
    num(s.accepted), s.messagesIn + " / " + s.messagesOut, wrap(refusals(s.refusals))]);
  rows("handlers", snapshot.handlers, h => [h.path, num(h.serviceId), num(h.bundleId), num(h.openStreams), h.servers.join(", ")]);
  rows("failed-handlers", snapshot.failedHandlers.concat(snapshot.failedAuthenticators.map(a => ({ path: "(authenticator)", serviceId: a.serviceId, reason: a.reason }))),
    f => [f.path, num(f.serviceId), why(f.reason)]);
  rows("streams", snapshot.busiestStreams, s => [s.id.slice(0, 8), s.path, s.remote, num(s.inPerSecond), num(s.outPerSecond), num(s.bytesOut)]);
  rows("slow-streams", snapshot.slowestStreams, s => [s.id.slice(0, 8), s.path, s.remote, num(s.outboundQueuedBytes), num(s.outPerSecond)]);
  const options = document.getElementById("tail-paths");
  options.replaceChildren(...snapshot.tailPaths.map(path => Object.assign(document.createElement("option"), { value: path })));
  showTail(snapshot.tail);
}

function record(snapshot) {
  for (const path of snapshot.paths) {
    if (!history.has(path.path)) {
      history.set(path.path, []);
      colours.set(path.path, COLOURS[colours.size % COLOURS.length]);
    }
    history.get(path.path).push({ time: snapshot.time, rate: path.inPerSecond + path.outPerSecond });
  }
  for (const [path, points] of history) {
    while (points.length && points[0].time < snapshot.time - WINDOW_SECONDS * 1000) {
      points.shift();
    }
    if (!points.length) {
      history.delete(path);
    }
  }
}

function drawChart(now) {
  const chart = document.getElementById("chart");
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  let max = 1;
  for (const points of history.values()) {
    for (const point of points) {
      max = Math.max(max, point.rate);
    }
  }
  const top = niceCeiling(max);
  const x = time => CHART.left + plotWidth * (1 - (now - time) / (WINDOW_SECONDS * 1000));
  const y = rate => CHART.top + plotHeight * (1 - rate / top);
  const parts = [];
  for (let i = 0; i <= 4; i++) {
    const value = top * i / 4;
    parts.push(element("line", { class: "grid", x1: CHART.left, x2: CHART.width - CHART.right, y1: y(value), y2: y(value) }));
    parts.push(element("text", { class: "axis", x: CHART.left - 6, y: y(value) + 4, "text-anchor": "end" }, format(value)));
  }
  for (let seconds = 0; seconds <= WINDOW_SECONDS; seconds += 15) {
    parts.push(element("text", { class: "axis", x: x(now - seconds * 1000), y: CHART.height - 6, "text-anchor": "middle" },
      seconds === 0 ? "now" : "-" + seconds + " s"));
  }
  const legend = [];
  for (const [path, points] of history) {
    const last = points[points.length - 1].rate;
    const peak = Math.max(...points.map(point => point.rate));
    parts.push(element("polyline", {
      points: points.map(point => x(point.time).toFixed(1) + "," + y(point.rate).toFixed(1)).join(" "),
      stroke: colours.get(path), "data-path": path, "data-points": points.length, "data-last": last, "data-max": peak
    }));
    const item = document.createElement("li");
    const swatch = document.createElement("i");
    swatch.style.background = colours.get(path);
    item.append(swatch, path + "  " + format(last) + "/s");
    legend.push(item);
  }
  chart.replaceChildren(...parts);
  document.getElementById("legend").replaceChildren(...legend);
}

function showTail(tail) {
  const info = document.getElementById("tail-info");
  const log = document.getElementById("tail-log");
  if (!tail) {
    if (!tailing) {
      info.textContent = "";
      log.replaceChildren();
    }
    return;
  }
  info.textContent = tail.path + (tail.dropped ? ", " + tail.dropped + " dropped" : "");
  log.replaceChildren(...tail.messages.map(message => {
    const item = document.createElement("li");
    item.className = message.direction;
    const time = document.createElement("time");
    time.textContent = new Date(message.time).toLocaleTimeString() + " ";
    const body = message.text !== undefined ? message.text : "binary, " + message.binary + " bytes";
    item.append(time, (message.direction === "in" ? "→ " : "← ") + message.stream.slice(0, 8) + "  " + body);
    return item;
  }));
}

function rows(id, values, cells, key) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren(...values.map(value => {
    const row = document.createElement("tr");
    if (key) {
      row.dataset.key = key(value);
    }
    for (const cell of cells(value)) {
      row.append(cell instanceof Node ? cell : Object.assign(document.createElement("td"), { textContent: cell }));
    }
    return row;
  }));
}

function num(value) {
  return Object.assign(document.createElement("td"), { className: "num", textContent: format(value) });
}

function wrap(text) {
  return Object.assign(document.createElement("td"), { className: "wrap", textContent: text });
}

function why(text) {
  return Object.assign(document.createElement("td"), { className: "why", textContent: text || "" });
}

function refusals(byReason) {
  const refused = Object.entries(byReason || {}).filter(([, count]) => count > 0);
  return refused.length ? refused.map(([reason, count]) => reason + " " + count).join(", ") : "none";
}

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function niceCeiling(value) {
  const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

function format(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

document.getElementById("tail-form").addEventListener("submit", event => {
  event.preventDefault();
  const path = document.getElementById("tail-path").value.trim();
  if (path) {
    tailing = path;
    request(path);
  }
});
document.getElementById("tail-stop").addEventListener("click", () => {
  tailing = null;
  request(null);
});

connect();
