/*
 * story.js: the story panel of an exported map (options.stories, layers.payload's
 * stories_payload): a story's steps walked with Previous/Next or the left and right
 * arrow keys (not while typing in a field). A step sets the map's date window and
 * "as known on", moves to its extent and outlines its claims (highlight.js); claims
 * the export left out are listed as "not in this view". The address names the step
 * (#story=ID&step=N, N from 1) and follows it, so a link opens that step; an unknown
 * story or step gives a one-line notice in the panel. The panel is folded unless the
 * address names a story. Every string of a story is shown with textContent.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;
  var dayOf = _.dayOf;
  var foldable = _.foldable;

  /** The story and step an address names ({story, step: text or null}), or null. */
  function readHash(hash) {
    var text = String(hash || '').replace(/^#/, '');
    if (!text) { return null; }
    var params = new URLSearchParams(text);
    return params.has('story') ? { story: params.get('story'), step: params.get('step') } : null;
  }

  function storyHash(story, n) {
    return n >= 1 ? '#story=' + encodeURIComponent(story.id) + '&step=' + n : '';
  }

  /** A piece of an address as shown in a notice: at most 60 characters. */
  function clip(text) {
    text = String(text);
    return text.length > 60 ? text.slice(0, 59) + '\u2026' : text;
  }

  /** Whether keys go to a field (its arrows move its cursor or value, not the story). */
  function typing(target) {
    return !!target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName || ''));
  }

  function button(parent, cls, text, title) {
    var b = el('button', cls, text, parent);
    b.type = 'button';
    if (title) { b.title = title; }
    return b;
  }

  function datesText(step) {
    var text = 'Dates: ' + step.start + (step.end && step.end !== step.start ? ' to ' + step.end : '');
    return step.as_of ? text + '; as known on ' + step.as_of : text;
  }

  ClaimMapView.prototype._buildStory = function () {
    if (!Array.isArray(this.opts.stories)) { return; }
    var self = this;
    this.stories = this.opts.stories;
    this.storyState = { story: this.stories.length ? 0 : -1, step: 0, notice: '' };
    this._storyPanel().addTo(this.map);
    this._renderStory();
    root.document.addEventListener('keydown', function (e) { self._storyKey(e); }, true);
    root.addEventListener('hashchange', function () { self._openStoryFromHash(); });
  };

  ClaimMapView.prototype._storyPanel = function () {
    var self = this, ctl = L.control({ position: 'topright' });
    ctl.onAdd = function () {
      var box = self.storyBox = el('div', 'cm-story leaflet-bar');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var body = foldable(box, 'cm-story-toggle', 'Story', 'cm-story-body', true);
      self.storyToggle = box.firstChild;
      self._storyFields(body);
      return box;
    };
    return ctl;
  };

  /** The panel's fields (this.storyUi), filled by _renderStory. */
  ClaimMapView.prototype._storyFields = function (body) {
    var self = this, ui = this.storyUi = {};
    if (this.stories.length > 1) {
      var label = el('label', 'cm-field cm-story-choice', null, body);
      el('span', null, 'Story', label);
      ui.select = el('select', 'cm-story-select', null, label);
      this.stories.forEach(function (story, i) { el('option', null, story.title, ui.select).value = String(i); });
      ui.select.addEventListener('change', function () { self.openStoryStep(+ui.select.value, 0); });
    }
    ui.title = el('div', 'cm-story-title', null, body);
    ui.notice = el('div', 'cm-story-notice', null, body);
    ui.notice.setAttribute('role', 'status');
    ui.counter = el('div', 'cm-story-counter', null, body);
    ui.counter.setAttribute('aria-live', 'polite');
    var nav = el('div', 'cm-story-nav', null, body);
    ui.prev = button(nav, 'cm-story-prev', '\u25c0 Previous', 'Previous step (left arrow)');
    ui.next = button(nav, 'cm-story-next', 'Next \u25b6', 'Next step (right arrow)');
    ui.end = button(nav, 'cm-story-end', 'End', 'Leave the story: the whole map again');
    ui.stepTitle = el('div', 'cm-story-step-title', null, body);
    ui.stepTitle.setAttribute('role', 'heading');
    ui.stepTitle.setAttribute('aria-level', '3');
    ui.dates = el('div', 'cm-story-dates', null, body);
    ui.text = el('p', 'cm-story-text', null, body);
    ui.claimsTitle = el('div', 'cm-story-claims-title', null, body);
    ui.claims = el('ul', 'cm-story-claims', null, body);
    ui.index = el('ol', 'cm-story-index', null, body);
    ui.prev.addEventListener('click', function () { self.storyMove(-1); });
    ui.next.addEventListener('click', function () { self.storyMove(1); });
    ui.end.addEventListener('click', function () { self.endStory(); });
  };

  ClaimMapView.prototype._renderStory = function () {
    var ui = this.storyUi, st = this.storyState, story = this.stories[st.story] || null;
    var steps = story ? story.steps : [], step = st.step >= 1 ? steps[st.step - 1] : null;
    ui.notice.textContent = st.notice || '';
    if (ui.select && story) { ui.select.value = String(st.story); }
    ui.title.textContent = story ? story.title : 'This map carries no stories.';
    ui.counter.textContent = !story ? '' : step ? 'Step ' + st.step + ' of ' + steps.length :
      steps.length + (steps.length === 1 ? ' step' : ' steps');
    ui.stepTitle.textContent = step ? step.title : '';
    ui.dates.textContent = step ? datesText(step) : '';
    ui.text.textContent = step ? step.text : '';
    this._renderStepClaims(step);
    this._renderStoryIndex(step || !story ? [] : steps);
    ui.prev.disabled = !step || st.step <= 1;
    ui.next.disabled = !story || st.step >= steps.length;
    ui.end.disabled = !step;
    this.storyBox.setAttribute('data-story', story ? story.id : '');
    this.storyBox.setAttribute('data-step', String(step ? st.step : 0));
  };

  /** A step's claims: each opens its place; those left out of the export say so. */
  ClaimMapView.prototype._renderStepClaims = function (step) {
    var self = this, ui = this.storyUi;
    ui.claims.textContent = '';
    ui.claimsTitle.textContent = step && step.claims && step.claims.length ?
      'Claims outlined on the map' : '';
    (step && step.claims || []).forEach(function (c) {
      var li = el('li', 'cm-story-claim', null, ui.claims);
      li.setAttribute('data-claim-id', String(c.id));
      var index = c.in_view ? self.claimIndexOf(c.id) : -1;
      if (index < 0) {
        el('span', 'cm-story-claim-text', c.in_view && c.statement ? c.statement : c.id, li);
        el('span', 'cm-badge cm-story-missing', c.in_view ? 'no place on the map' : 'not in this view', li);
        li.className += c.in_view ? ' cm-story-unmapped' : ' cm-story-absent';
        return;
      }
      var link = button(li, 'cm-story-claim-link', c.statement || c.id, 'Open its place on the map');
      link.addEventListener('click', function () {
        var entry = self.entriesWithClaims([index])[0];
        if (entry) { self.openPopup(entry.id); }
      });
    });
  };

  /** Before the first step: the story's steps, each a button that opens it. */
  ClaimMapView.prototype._renderStoryIndex = function (steps) {
    var self = this, list = this.storyUi.index, at = this.storyState.story;
    list.textContent = '';
    steps.forEach(function (step, i) {
      var b = button(el('li', null, null, list), 'cm-story-index-step', step.title);
      b.addEventListener('click', function () { self.openStoryStep(at, i + 1); });
    });
  };

  /** Open step `n` (from 1; 0: the story's start) of the story at `index`; false if none. */
  ClaimMapView.prototype.openStoryStep = function (index, n) {
    var story = this.stories && this.stories[index];
    if (!story) { return false; }
    n = Math.max(0, Math.min(n | 0, story.steps.length));
    this.storyState = { story: index, step: n, notice: '' };
    if (n >= 1) {
      this._showStep(story.steps[n - 1]);
    } else {
      this.highlightClaims([]);
    }
    this._renderStory();
    this._writeStoryHash();
    return true;
  };

  /** A step on the map: its window and "as known on", its extent, its claims outlined. */
  ClaimMapView.prototype._showStep = function (step) {
    this.pause();
    this.win.start = dayOf(step.start);
    this.win.end = dayOf(step.end);
    this.win.asOf = dayOf(step.as_of);
    this._applyWindow(false);
    this._fitExtent(step.extent);
    this.highlightClaims((step.claims || []).filter(function (c) { return c.in_view; })
      .map(function (c) { return c.id; }));
  };

  /** Fit [west, south, east, north], clear of the title box and of the story panel. */
  ClaimMapView.prototype._fitExtent = function (extent) {
    if (!Array.isArray(extent) || extent.length !== 4) { return; }
    var bounds = L.latLngBounds([extent[1], extent[0]], [extent[3], extent[2]]);
    if (!bounds.isValid()) { return; }
    var size = this.map.getSize(), panel = this.storyBox ? this.storyBox.offsetWidth : 0;
    var title = this.map.getContainer().querySelector('.cm-title');
    var top = title && size.y > 3 * title.offsetHeight ? title.offsetHeight + 20 : 20;
    var right = size.x > 2.5 * panel ? panel + 20 : 20;
    this.map.fitBounds(bounds, { paddingTopLeft: [20, top], paddingBottomRight: [right, 40],
      maxZoom: this.opts.fit_max_zoom || 8, animate: false });
  };

  ClaimMapView.prototype.storyMove = function (delta) {
    var st = this.storyState, story = st && this.stories[st.story];
    var n = story ? st.step + delta : 0;
    return n >= 1 && n <= story.steps.length ? this.openStoryStep(st.story, n) : false;
  };

  /** Leave the story: no outline, the export's own dates, the whole map. */
  ClaimMapView.prototype.endStory = function () {
    if (!this.openStoryStep(this.storyState.story, 0)) { return; }
    this.win.start = dayOf(this.opts.start);
    this.win.end = dayOf(this.opts.end);
    this.win.asOf = dayOf(this.opts.as_of);
    this._applyWindow(false);
    this._fit();
  };

  /** Name the step in the address (replacing it: no new history entry per step). */
  ClaimMapView.prototype._writeStoryHash = function () {
    var st = this.storyState, story = this.stories[st.story];
    var hash = story ? storyHash(story, st.step) : '';
    if ((root.location.hash || '') === hash) { return; }
    try {
      root.history.replaceState(root.history.state, '', hash || root.location.pathname + root.location.search);
    } catch (e) {
      root.location.hash = hash;
    }
  };

  /** Open the step the address names, or say in the panel why it cannot be opened. */
  ClaimMapView.prototype._openStoryFromHash = function () {
    var wanted = readHash(root.location.hash), st = this.storyState;
    if (!wanted || !this.storyUi) { return false; }
    var current = this.stories[st.story];
    if (current && storyHash(current, st.step) === root.location.hash) { return true; }
    if (this.storyToggle.getAttribute('aria-expanded') === 'false') { this.storyToggle.click(); }
    var index = -1;
    this.stories.forEach(function (s, i) { if (index < 0 && s.id === wanted.story) { index = i; } });
    if (index < 0) {
      return this._storyNotice(st.story, this.stories.length ?
        'This map has no story \u201c' + clip(wanted.story) + '\u201d.' :
        'This map carries no stories (the address names \u201c' + clip(wanted.story) + '\u201d).');
    }
    var count = this.stories[index].steps.length;
    var n = wanted.step === null ? 1 : /^\d{1,6}$/.test(wanted.step) ? parseInt(wanted.step, 10) : 0;
    if (n < 1 || n > count) {
      return this._storyNotice(index, 'This story has no step \u201c' + clip(wanted.step) +
        '\u201d: its steps are 1 to ' + count + '.');
    }
    return this.openStoryStep(index, n);
  };

  ClaimMapView.prototype._storyNotice = function (index, text) {
    this.highlightClaims([]);
    this.storyState = { story: index, step: 0, notice: text };
    this._renderStory();
    return false;
  };

  /** Left and right arrows step through an open story, unless a field has the keys. */
  ClaimMapView.prototype._storyKey = function (e) {
    if ((e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') || e.defaultPrevented ||
        e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || typing(e.target)) { return; }
    if (this.storyToggle.getAttribute('aria-expanded') !== 'true' || !this.stories[this.storyState.story]) {
      return;
    }
    e.preventDefault();
    e.stopPropagation();  // the map would pan too
    this.storyMove(e.key === 'ArrowRight' ? 1 : -1);
  };

  /** The story part of the public API (window.claimmap.story). */
  ClaimMapView.prototype.storyApi = function () {
    var self = this;
    function indexOf(id) {
      return (self.stories || []).map(function (s) { return s.id; }).indexOf(String(id));
    }
    return {
      open: function (id, n) { return self.openStoryStep(indexOf(id), n === undefined ? 1 : n); },
      next: function () { return self.storyMove(1); },
      previous: function () { return self.storyMove(-1); },
      end: function () { if (self.stories) { self.endStory(); } },
      state: function () {
        var st = self.storyState || { story: -1, step: 0, notice: '' };
        var story = self.stories && self.stories[st.story];
        return { story: story ? story.id : null, step: st.step, notice: st.notice };
      },
      highlighted: function () { return (self.highlighted || []).slice(); }
    };
  };
}(window, window.ClaimMap));
