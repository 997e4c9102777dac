/*
 * leaflet-patches.js: every patch to Leaflet's internals, in one place.
 *
 * Shaped circle markers (drawn through the renderer's private _updatePath, _fillStroke,
 * _setPath and _pxBounds), and vector layers that the date filter can hide without
 * leaving their renderer (_containsPoint, _updatePath). Written against Leaflet 1.9.3
 * (pinned in layers/assets.json): check these first when Leaflet is upgraded.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var SHAPES = _.SHAPES;
  var shapePath = _.shapePath;

  function canvasVisible(renderer, layer) {
    return renderer._drawing && !layer._empty();
  }

  /* Vector layers that can be hidden by the date filter without leaving their renderer,
   * so that drawing order and hit-testing stay stable while the window moves. */
  var Hideable = {
    _cmHidden: false,
    _cmSetHidden: function (hidden) {
      if (this._cmHidden === hidden) { return; }
      this._cmHidden = hidden;
      if (this._renderer && this._map) { this.redraw(); }
    },
    _containsPoint: function (p) {
      return !this._cmHidden && this._cmBase._containsPoint.call(this, p);
    }
  };

  function hideableUpdate(base) {
    return function () {
      if (this._cmHidden) {
        if (this._renderer instanceof L.SVG) { this._renderer._setPath(this, 'M0 0'); }
        return;
      }
      base.prototype._updatePath.call(this);
    };
  }

  var ShapeMarker = L.CircleMarker.extend({
    options: { shape: 'circle' },
    _cmBase: L.CircleMarker.prototype,
    _updatePath: function () {
      var r = this._renderer, shape = this.options.shape;
      if (this._cmHidden) {
        if (r instanceof L.SVG) { r._setPath(this, 'M0 0'); }
        return;
      }
      if (!SHAPES[shape]) { r._updateCircle(this); return; }
      var p = this._point, radius = Math.max(this._radius, 1);
      if (r instanceof L.Canvas) {
        if (!canvasVisible(r, this)) { return; }
        var ctx = r._ctx, unit = SHAPES[shape];
        ctx.beginPath();
        for (var i = 0; i < unit.length; i++) {
          var x = p.x + unit[i][0] * radius, y = p.y + unit[i][1] * radius;
          if (i) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); }
        }
        ctx.closePath();
        r._fillStroke(ctx, this);
      } else {
        r._setPath(this, this._empty() ? 'M0 0' : shapePath(shape, p.x, p.y, radius));
      }
    }
  });
  ShapeMarker.include(Hideable);
  ShapeMarker.include({
    // Room for the pointed shapes (stars, triangles) that reach past the radius.
    _updateBounds: function () {
      var r = this._radius * 1.4, w = this._clickTolerance(), p = [r + w, r + w];
      this._pxBounds = new L.Bounds(this._point.subtract(p), this._point.add(p));
    }
  });

  var HCircle = L.Circle.extend({ _cmBase: L.Circle.prototype, _updatePath: hideableUpdate(L.Circle) });
  HCircle.include(Hideable);
  var HPolyline = L.Polyline.extend({ _cmBase: L.Polyline.prototype, _updatePath: hideableUpdate(L.Polyline) });
  HPolyline.include(Hideable);
  var HPolygon = L.Polygon.extend({ _cmBase: L.Polygon.prototype, _updatePath: hideableUpdate(L.Polygon) });
  HPolygon.include(Hideable);

  _.ShapeMarker = ShapeMarker;
  _.HCircle = HCircle;
  _.HPolyline = HPolyline;
  _.HPolygon = HPolygon;
}(window, window.ClaimMap));
