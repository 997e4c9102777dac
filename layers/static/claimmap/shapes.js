/*
 * shapes.js: the marker outlines (drawn on canvas or as SVG paths) and legend swatches.
 *
 * Pure geometry and SVG; no Leaflet internals.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var svgEl = _.svgEl;

  function regular(n, rotation, scale) {
    var pts = [];
    for (var i = 0; i < n; i++) {
      var a = rotation + 2 * Math.PI * i / n;
      pts.push([scale * Math.sin(a), -scale * Math.cos(a)]);
    }
    return pts;
  }

  function star(points, outer, inner) {
    var pts = [];
    for (var i = 0; i < 2 * points; i++) {
      var a = Math.PI * i / points, r = i % 2 ? inner : outer;
      pts.push([r * Math.sin(a), -r * Math.cos(a)]);
    }
    return pts;
  }

  function plus(size, arm) {
    var s = size, a = arm;
    return [[-a, -s], [a, -s], [a, -a], [s, -a], [s, a], [a, a], [a, s], [-a, s],
      [-a, a], [-s, a], [-s, -a], [-a, -a]];
  }

  function rotate(pts, angle) {
    var c = Math.cos(angle), s = Math.sin(angle);
    return pts.map(function (p) { return [p[0] * c - p[1] * s, p[0] * s + p[1] * c]; });
  }

  /** Unit outlines (radius 1 = the marker's radius); 'circle' is drawn as a circle. */
  var SHAPES = {
    square: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]],
    diamond: [[0, -1.2], [1.2, 0], [0, 1.2], [-1.2, 0]],
    triangle: regular(3, 0, 1.3).map(function (p) { return [p[0], p[1] + 0.2]; }),
    'triangle-down': regular(3, Math.PI, 1.3).map(function (p) { return [p[0], p[1] - 0.2]; }),
    pentagon: regular(5, 0, 1.1),
    hexagon: regular(6, Math.PI / 6, 1.05),
    star: star(5, 1.35, 0.6),
    plus: plus(1.15, 0.4),
    cross: rotate(plus(1.25, 0.38), Math.PI / 4),
    // An aircraft seen from above, nose up: an airport.
    plane: [[0, -1.35], [0.17, -0.55], [1.3, 0.1], [1.3, 0.38], [0.17, 0.08], [0.13, 0.78],
      [0.5, 1.05], [0.5, 1.28], [0, 1.12], [-0.5, 1.28], [-0.5, 1.05], [-0.13, 0.78], [-0.17, 0.08],
      [-1.3, 0.38], [-1.3, 0.1], [-0.17, -0.55]]
  };

  function shapePath(shape, x, y, r) {
    var unit = SHAPES[shape];
    if (!unit) {
      return 'M' + (x - r) + ',' + y + 'a' + r + ',' + r + ' 0 1,0 ' + 2 * r + ',0' +
        'a' + r + ',' + r + ' 0 1,0 ' + -2 * r + ',0Z';
    }
    return unit.map(function (p, i) {
      return (i ? 'L' : 'M') + (x + p[0] * r).toFixed(1) + ',' + (y + p[1] * r).toFixed(1);
    }).join('') + 'Z';
  }

  /** How each kind of legend swatch is drawn into its 22 x 16 SVG. */
  var SWATCHES = {
    // a place's symbol (its kind) in a claim type's colour
    shape: function (svg, s) {
      svgEl('path', { d: shapePath(s.shape, 11, 8, 5.5), fill: s.color || '#bbb',
        'fill-opacity': 0.95, stroke: '#333', 'stroke-width': 1 }, svg);
    },
    // a claim type's colour
    type: function (svg, s) {
      svgEl('rect', { x: 4, y: 2, width: 14, height: 12, rx: 3, fill: s.color, stroke: '#333',
        'stroke-width': 0.8 }, svg);
    },
    line: function (svg, s) {
      var line = { x1: 1, y1: 8, x2: 21, y2: 8, stroke: s.color || '#444',
        'stroke-width': s.weight || 3, 'stroke-linecap': 'round' };
      if (s.dash) { line['stroke-dasharray'] = s.dash; }
      svgEl('line', line, svg);
    },
    area: function (svg) {
      svgEl('circle', { cx: 11, cy: 8, r: 7, fill: '#777', 'fill-opacity': 0.15, stroke: '#555',
        'stroke-width': 1.5, 'stroke-dasharray': '3 2' }, svg);
    },
    precision: function (svg) {
      svgEl('circle', { cx: 11, cy: 8, r: 7, fill: '#777', 'fill-opacity': 0.08, stroke: '#777',
        'stroke-width': 1, 'stroke-dasharray': '1 2' }, svg);
      svgEl('circle', { cx: 11, cy: 8, r: 2.5, fill: '#555' }, svg);
    },
    possible: function (svg) {
      svgEl('path', { d: shapePath('circle', 11, 8, 5), fill: '#555', 'fill-opacity': 0.28,
        stroke: '#333', 'stroke-opacity': 0.45, 'stroke-width': 1 }, svg);
    },
    inferred: function (svg) {
      svgEl('path', { d: shapePath('circle', 11, 8, 5), fill: '#555', 'fill-opacity': 0.95,
        stroke: '#111', 'stroke-width': 2, 'stroke-dasharray': '1 4', 'stroke-linecap': 'round' }, svg);
    },
    conflict: function (svg) {
      svgEl('path', { d: shapePath('circle', 11, 8, 5), fill: '#fff', stroke: '#000',
        'stroke-width': 2.5 }, svg);
    },
    country: function (svg) {
      svgEl('circle', { cx: 11, cy: 8, r: 6, fill: '#fff', stroke: '#555', 'stroke-width': 2,
        'stroke-dasharray': '3 2' }, svg);
    },
    cluster: function (svg) {
      svgEl('circle', { cx: 11, cy: 8, r: 7, fill: '#fff', stroke: '#555', 'stroke-width': 2 }, svg);
      svgEl('circle', { cx: 11, cy: 8, r: 2, fill: '#555' }, svg);
    },
    flow: function (svg) {
      svgEl('line', { x1: 1, y1: 12, x2: 21, y2: 4, stroke: '#3b3b6b', 'stroke-width': 5,
        'stroke-opacity': 0.75, 'stroke-linecap': 'round' }, svg);
    }
  };

  /** A small inline SVG swatch for the legend and popups (SWATCHES names the kinds). */
  function swatch(kind, style, parent) {
    var svg = svgEl('svg', { width: 22, height: 16, viewBox: '0 0 22 16', 'aria-hidden': 'true',
      'class': 'cm-swatch' }, parent);
    (SWATCHES[kind] || SWATCHES.shape)(svg, style || {});
    return svg;
  }

  _.SHAPES = SHAPES;
  _.shapePath = shapePath;
  _.swatch = swatch;
}(window, window.ClaimMap));
