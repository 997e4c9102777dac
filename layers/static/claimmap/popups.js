/*
 * popups.js: the tooltip and the popup of a feature, built from text nodes only.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;
  var words = _.words;
  var safeUrl = _.safeUrl;
  var formatDistance = _.formatDistance;
  var swatch = _.swatch;
  var HPolyline = _.HPolyline;
  var spansOf = _.spansOf;
  var spanMatch = _.spanMatch;
  var formatDates = _.formatDates;

  /** The badge of a claim that the window holds only possibly, or not at all. */
  var MATCH_BADGES = {
    possible: 'possibly within the selected dates',
    none: 'outside the selected dates'
  };

  function claimCount(props) {
    if (typeof props.claim_count === 'number') { return props.claim_count; }
    return Array.isArray(props.claims) ? props.claims.length : 0;
  }

  ClaimMapView.prototype._entryOf = function (e) {
    var layer = e.propagatedFrom || e.layer || e.sourceTarget;
    return layer && layer._cmEntry;
  };

  ClaimMapView.prototype._onClick = function (e) {
    var entry = this._entryOf(e);
    if (entry) { this.openPopup(entry.id, entry.main instanceof HPolyline ? e.latlng : null); }
  };

  /** The tooltip of a feature (or of a cluster of them): built from text nodes only. */
  ClaimMapView.prototype.tooltipContent = function (layer) {
    var self = this;
    var box = el('div', 'cm-tooltip-body');
    var entry = layer && layer._cmEntry;
    if (!entry) {
      var n = layer && layer.getChildCount ? layer.getChildCount() : 0;
      el('div', null, n + ' map features here: zoom in or click to spread them', box);
      return box;
    }
    var p = entry.props, count = claimCount(p);
    el('strong', null, p.label || entry.id, box);
    var types = (p.types || []).map(function (t) { return self.typeStyle(t).label; }).join(', ');
    el('div', null, count + (count === 1 ? ' claim' : ' claims') + (types ? ' \u00b7 ' + types : ''), box);
    // Not shown; read by streamlit-folium (which reports the tooltip's text on a click).
    var id = el('span', 'cm-feature-id', entry.id, box);
    id.hidden = true;
    return box;
  };

  ClaimMapView.prototype.openPopup = function (featureId, latlng) {
    var entry = this.byId[String(featureId)];
    if (!entry) { return false; }
    this.popupEntry = entry;
    this.focus.clearLayers();
    if (entry.radius && !entry.circle && entry.layer !== 'areas') {
      var ts = this.typeStyle(entry.props.primary_type);
      L.circle(entry.anchor, { radius: entry.radius, color: ts.color, weight: 1, dashArray: '2 4',
        fillOpacity: 0.08, interactive: false }).addTo(this.focus);
    }
    this.popup.setLatLng(latlng || entry.anchor).setContent(this.popupContent(entry));
    this.map.openPopup(this.popup);
    return true;
  };

  ClaimMapView.prototype.popupContent = function (entry) {
    var self = this, p = entry.props;
    var box = el('div', 'cm-popup');
    box.setAttribute('data-feature-id', entry.id);
    var head = el('div', 'cm-popup-head', null, box);
    swatch('shape', this.typeStyle(p.primary_type), head);
    el('h3', 'cm-popup-title', p.label || entry.id, head);
    var meta = el('div', 'cm-popup-meta', null, box);
    el('div', 'cm-layer-name', this.layerStyle(entry.layer).label, meta);
    var names = Array.isArray(p.place_names) ? p.place_names.join(' \u2192 ') : '';
    if (names && names !== p.label) { el('div', 'cm-places', names, meta); }
    if (entry.layer === 'crossings' && p.other_side) {
      el('div', 'cm-other-side', 'Other side of the border: ' + p.other_side +
        (p.other_country ? ' (' + p.other_country + ')' : ''), meta);
    }
    var dist = formatDistance(+p.radius_m || +p.precision_m);
    if (dist) {
      el('div', 'cm-precision', entry.layer === 'areas' ?
        'Area of uncertainty: the claim names a whole region (radius about ' + dist + ')' :
        'Location known to within about ' + dist, meta);
    }
    var claims = Array.isArray(p.claims) ? p.claims : [];
    var total = claimCount(p);
    var summary = el('div', 'cm-popup-summary', total + (total === 1 ? ' claim' : ' claims') +
      (total > claims.length ? ' (the first ' + claims.length + ' listed here)' : '') +
      (p.independent_sources !== undefined && p.independent_sources !== null ?
        ' \u00b7 independent sources: ' + p.independent_sources : ''), box);
    if (p.conflict) { el('span', 'cm-badge cm-badge-conflict', 'sources conflict', summary); }
    var list = el('ol', 'cm-claims', null, box);
    claims.forEach(function (c) { list.appendChild(self.claimItem(c)); });
    return box;
  };

  ClaimMapView.prototype.claimItem = function (c) {
    var ts = this.typeStyle(c.type);
    var match = spanMatch(spansOf(c)[0], this.win) || 'none';
    var item = el('li', 'cm-claim cm-match-' + match + (match === 'none' ? ' cm-out-of-window' : ''));
    if (c.claim_id !== undefined) { item.setAttribute('data-claim-id', String(c.claim_id)); }
    var top = el('div', 'cm-claim-type', null, item);
    swatch('shape', ts, top);
    el('span', 'cm-type-label', ts.label || words(c.type), top);
    if (c.status) { el('span', 'cm-badge cm-status', words(c.status), top); }
    if (MATCH_BADGES[match]) { el('span', 'cm-badge cm-match', MATCH_BADGES[match], top); }
    if (c.statement) { el('p', 'cm-statement', c.statement, item); }
    if (c.quote) { el('blockquote', 'cm-quote', '\u201c' + c.quote + '\u201d', item); }
    var attrib = el('div', 'cm-attrib', null, item);
    if (c.claimant) { attrib.appendChild(document.createTextNode('According to ')); el('span', 'cm-claimant', c.claimant, attrib); }
    var outlet = el('div', 'cm-outlet', null, item);
    outlet.appendChild(document.createTextNode('Reported by '));
    var href = safeUrl(c.url);
    var label = c.outlet || c.source_id || 'unknown source';
    if (href) {
      var a = el('a', 'cm-source-link', label, outlet);
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    } else {
      el('span', 'cm-source-name', label, outlet);
      if (c.url) { el('span', 'cm-url-text', ' (' + c.url + ')', outlet); }
    }
    if (Array.isArray(c.actors) && c.actors.length) {
      el('div', 'cm-actors', 'Groups named: ' + c.actors.join(', '), item);
    }
    var dates = el('div', 'cm-dates' + (c.date_inferred ? ' cm-inferred' : ''),
      'Event date: ' + formatDates(c), item);
    if (c.date_inferred) { el('span', 'cm-badge cm-inferred-badge', 'inferred by the analyst', dates); }
    if (c.published) {
      el('div', 'cm-published', 'Document published: ' + c.published +
        (c.published_end && c.published_end !== c.published ? ' – ' + c.published_end : ''), item);
    }
    if (c.date_note) { el('div', 'cm-date-note', c.date_note, item); }
    if (Array.isArray(c.quantities) && c.quantities.length) {
      var ql = el('ul', 'cm-quantities', null, item);
      c.quantities.forEach(function (q) {
        el('li', null, (q.what ? words(q.what) + ': ' : '') + (q.text || ''), ql);
      });
    }
    var prov = [];
    if (c.independent_sources !== undefined && c.independent_sources !== null) {
      prov.push('independent sources: ' + c.independent_sources);
    }
    if (c.grade) { prov.push('grade ' + c.grade + (c.grading_note ? ' (' + c.grading_note + ')' : '')); }
    if (prov.length) { el('div', 'cm-provenance', prov.join(' \u00b7 '), item); }
    if (c.group_title) { el('div', 'cm-group', 'Reported claim: ' + c.group_title, item); }
    if (Array.isArray(c.conflicts) && c.conflicts.length) {
      var cl = el('ul', 'cm-conflicts', null, item);
      el('li', 'cm-conflicts-title', 'Sources differ:', cl);
      c.conflicts.forEach(function (text) { el('li', null, text, cl); });
    }
    return item;
  };

  _.claimCount = claimCount;
}(window, window.ClaimMap));
