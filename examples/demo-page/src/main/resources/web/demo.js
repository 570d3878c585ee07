'use strict';
// The demo page: two websockets to the server that served this page, no framework.

const wsBase = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;
document.getElementById('origin').textContent = wsBase;

/**
 * Keeps a websocket to a path open: shows its state, hands each message to onMessage and
 * reconnects after a close, waiting longer each time (1 s, 2 s, ... 30 s).
 */
function keepOpen(path, stateElement, onMessage) {
  let socket = null;
  let retryMs = 1000;

  function show(state, detail) {
    stateElement.dataset.state = state;
    stateElement.textContent = detail ? state + ' ' + detail : state;
  }

  function connect() {
    show('connecting');
    socket = new WebSocket(wsBase + path());
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      retryMs = 1000;
      show('open');
    };
    socket.onmessage = (event) => onMessage(event.data);
    socket.onclose = (event) => {
      show('closed', event.code + (event.reason ? ' ' + event.reason : '') + ', again in ' + retryMs / 1000 + ' s');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    };
  }

  connect();
  return {
    /** @return whether the data was handed to an open socket */
    send(data) {
      if (socket.readyState !== WebSocket.OPEN) {
        return false;
      }
      socket.send(data);
      return true;
    }
  };
}

/** Adds a line to a log; text only (textContent), so nothing a peer sends is ever parsed as HTML. */
function log(list, kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  item.append(time, ' ', text);
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

// ---- chat: {"name":..,"text":..} out; {"type":..,"name":..,"text":..,"online":..} in

const chatLog = document.getElementById('chat-log');
const chatName = document.getElementById('chat-name');
const chatText = document.getElementById('chat-text');
chatName.value = localStorage.getItem('wsstream.name') || 'guest-' + Math.floor(Math.random() * 1000);

const chat = keepOpen(() => '/chat?name=' + encodeURIComponent(chatName.value),
  document.getElementById('chat-state'), (data) => {
    const event = JSON.parse(data);
    const online = ' (' + event.online + ' online)';
    switch (event.type) {
      case 'message': log(chatLog, 'message', event.name + ': ' + event.text); break;
      case 'join':
      case 'leave': log(chatLog, 'notice', event.text + online); break;
      default: log(chatLog, 'error', event.text);
    }
  });

document.getElementById('chat-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (!chatText.value) {
    return;
  }
  localStorage.setItem('wsstream.name', chatName.value);
  if (chat.send(JSON.stringify({ name: chatName.value, text: chatText.value }))) {
    chatText.value = '';
  } else {
    log(chatLog, 'error', 'not connected: not sent');
  }
});

// ---- echo: text comes back as text, binary as binary

const echoLog = document.getElementById('echo-log');
const echoText = document.getElementById('echo-text');

const echo = keepOpen(() => '/echo', document.getElementById('echo-state'), (data) => {
  if (typeof data === 'string') {
    log(echoLog, 'message', 'echo: ' + data);
  } else {
    const hex = Array.from(new Uint8Array(data), (b) => b.toString(16).padStart(2, '0')).join(' ');
    log(echoLog, 'message', 'echo: binary, ' + data.byteLength + ' bytes: ' + hex);
  }
});

function sendEcho(data, description) {
  if (echo.send(data)) {
    log(echoLog, 'sent', 'sent: ' + description);
    echoText.value = '';
  } else {
    log(echoLog, 'error', 'not connected: not sent');
  }
}

document.getElementById('echo-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sendEcho(echoText.value, echoText.value);
});

document.getElementById('echo-send-binary').addEventListener('click', () => {
  const bytes = new TextEncoder().encode(echoText.value);
  sendEcho(bytes, 'binary, ' + bytes.length + ' bytes');
});
