// The charts page: one request for a source's series, three ECharts line charts from it.
(function () {
  var form = document.getElementById('chart-form');
  var summary = document.getElementById('chart-summary');
  var charts = {
    volume: echarts.init(document.getElementById('chart-volume'), null, { renderer: 'svg' }),
    outcomes: echarts.init(document.getElementById('chart-outcomes'), null, { renderer: 'svg' }),
    latency: echarts.init(document.getElementById('chart-latency'), null, { renderer: 'svg' }),
    dlq: echarts.init(document.getElementById('chart-dlq'), null, { renderer: 'svg' })
  };
  var colors = { accepted: '#1f6feb', duplicate: '#8250df', rejected: '#bc4c00', delivered: '#1a7f37', deadLettered: '#cf222e',
    p50: '#1f6feb', p99: '#9a6700', dlq: '#cf222e' };

  function line(name, data, color, extra) {
    return Object.assign({ name: name, type: 'line', data: data, showSymbol: false, lineStyle: { width: 2 }, itemStyle: { color: color } }, extra || {});
  }

  function option(minutes, series, unit) {
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: minutes.map(function (m) { return m.substring(11, 16); }) },
      yAxis: { type: 'value', name: unit, minInterval: unit === 's' ? 0 : 1 },
      series: series
    };
  }

  function sum(values) {
    return values.reduce(function (a, b) { return a + (b || 0); }, 0);
  }

  function load() {
    var params = new URLSearchParams(new FormData(form));
    fetch('/console/charts/data?' + params.toString(), { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (d) {
        charts.volume.setOption(option(d.minutes, [
          line('accepted', d.accepted, colors.accepted),
          line('duplicate', d.duplicate, colors.duplicate),
          line('rejected', d.rejected, colors.rejected)
        ], 'requests'), true);
        charts.outcomes.setOption(option(d.minutes, [
          line('delivered', d.delivered, colors.delivered),
          line('dead-lettered', d.deadLettered, colors.deadLettered)
        ], 'events'), true);
        charts.latency.setOption(option(d.minutes, [
          line('p50', d.latencyP50, colors.p50, { connectNulls: true }),
          line('p99', d.latencyP99, colors.p99, { connectNulls: true })
        ], 's'), true);
        charts.dlq.setOption(option(d.minutes, [line('DLQ depth', d.dlqDepth, colors.dlq, { areaStyle: { opacity: 0.15 } })], 'events'), true);
        var p99 = d.latencyP99.filter(function (v) { return v != null; });
        summary.textContent = sum(d.accepted) + ' accepted, ' + sum(d.duplicate) + ' duplicate, ' + sum(d.rejected) + ' rejected, '
          + sum(d.delivered) + ' delivered, ' + sum(d.deadLettered)
          + ' dead-lettered in this window; worst p99 ' + (p99.length ? Math.max.apply(null, p99).toFixed(2) + ' s' : 'none')
          + '; DLQ depth now ' + d.dlqDepth[d.dlqDepth.length - 1] + '.';
        summary.dataset.loaded = params.get('source') + '/' + params.get('window');
      })
      .catch(function (error) { summary.textContent = 'Charts not loaded: ' + error.message; });
  }

  form.addEventListener('change', load);
  window.addEventListener('resize', function () { Object.values(charts).forEach(function (c) { c.resize(); }); });
  load();
})();
