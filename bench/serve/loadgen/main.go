// Open-loop HTTP load generator for the serve bench (bench/serve.ts): sends POST requests at a fixed offered rate,
// each at its scheduled time whatever the answers before it did, over as many keep-alive connections as that
// needs (up to -max-conns), and measures each request's latency from its scheduled send time (so a server that
// falls behind shows the queueing it causes, rather than the load generator slowing down with it). Standard
// library only: it builds offline. Prints one JSON object on stdout.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type result struct {
	Offered    float64     `json:"offered"`    // requests per second asked for
	Achieved   float64     `json:"achieved"`   // requests answered in the measured window per second of it
	Measured   int         `json:"measured"`   // requests scheduled in the measured window
	OK         int         `json:"ok"`         // 2xx answers among them
	Non2xx     int         `json:"non2xx"`     // other answers
	Errors     int         `json:"errors"`     // connection or parse errors
	Unfinished int         `json:"unfinished"` // still unanswered at the end of the grace period (counted as infinitely slow)
	P50        float64     `json:"p50"`        // ms, from scheduled send time
	P90        float64     `json:"p90"`
	P99        float64     `json:"p99"`
	P999       float64     `json:"p999"`
	Max        float64     `json:"max"`
	Conns      int32       `json:"conns"` // connections opened
	Status     map[int]int `json:"status"`
	FirstError string      `json:"firstError,omitempty"`
	// With -slow-ms: when the measured requests slower than that were scheduled (ms after the measured window's start).
	Slow []float64 `json:"slow,omitempty"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "host:port")
	path := flag.String("path", "/", "request path")
	bodyFile := flag.String("body", "", "file holding the request body")
	rate := flag.Float64("rate", 1000, "offered requests per second")
	duration := flag.Duration("duration", 2*time.Second, "measured duration")
	warmup := flag.Duration("warmup", 500*time.Millisecond, "duration sent at the same rate before the measured window, not counted")
	maxConns := flag.Int("max-conns", 512, "most connections")
	initConns := flag.Int("conns", 8, "connections opened before the first request")
	grace := flag.Duration("grace", 2*time.Second, "how long to wait for answers after the last scheduled request")
	slowMs := flag.Float64("slow-ms", 0, "list when the requests slower than this many ms were scheduled (0: none)")
	binaryHeader := flag.Int("binary-header", 0, "the body is a V2 binary-extension body whose JSON header is this many bytes (0: a JSON body)")
	flag.Parse()

	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fail(err)
	}
	headers := "Content-Type: application/json\r\n"
	if *binaryHeader > 0 {
		headers = fmt.Sprintf("Content-Type: application/octet-stream\r\nInference-Header-Content-Length: %d\r\n", *binaryHeader)
	}
	request := []byte(fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Length: %d\r\n\r\n", *path, *addr, headers, len(body)))
	request = append(request, body...)

	interval := float64(time.Second) / *rate
	warm := int(math.Round(warmup.Seconds() * *rate))
	total := warm + int(math.Round(duration.Seconds()**rate))
	latency := make([]int64, total) // ns after the scheduled time; 0 = not answered
	status := make([]int32, total)  // HTTP status, -1 = error
	var answered atomic.Int64
	var conns atomic.Int32
	var idle atomic.Int32
	var firstErr atomic.Value
	var stopped atomic.Bool

	queue := make(chan int, total+1)
	var start time.Time
	scheduled := func(i int) time.Time { return start.Add(time.Duration(float64(i) * interval)) }

	var wg sync.WaitGroup
	connect := func() {
		conns.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c net.Conn
			var br *bufio.Reader
			for {
				idle.Add(1)
				i, ok := <-queue
				idle.Add(-1)
				if !ok || stopped.Load() {
					if c != nil {
						c.Close()
					}
					return
				}
				if c == nil {
					var err error
					c, err = net.Dial("tcp", *addr)
					if err != nil {
						firstErr.CompareAndSwap(nil, err.Error())
						atomic.StoreInt32(&status[i], -1)
						atomic.StoreInt64(&latency[i], int64(time.Since(scheduled(i))))
						answered.Add(1)
						time.Sleep(10 * time.Millisecond)
						continue
					}
					c.(*net.TCPConn).SetNoDelay(true)
					br = bufio.NewReaderSize(c, 64<<10)
				}
				code := int32(-1)
				if _, err := c.Write(request); err == nil {
					res, err := http.ReadResponse(br, nil)
					if err == nil {
						_, err = io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
					if err == nil {
						code = int32(res.StatusCode)
						if res.Close {
							c.Close()
							c = nil
						}
					} else {
						firstErr.CompareAndSwap(nil, err.Error())
					}
				} else {
					firstErr.CompareAndSwap(nil, err.Error())
				}
				if code < 0 && c != nil {
					c.Close()
					c = nil
				}
				atomic.StoreInt32(&status[i], code)
				atomic.StoreInt64(&latency[i], max(1, int64(time.Since(scheduled(i)))))
				answered.Add(1)
			}
		}()
	}
	for k := 0; k < *initConns && k < *maxConns; k++ {
		connect()
	}

	start = time.Now().Add(20 * time.Millisecond)
	sent := 0
	for sent < total {
		now := time.Now()
		n := 0
		if elapsed := now.Sub(start); elapsed >= 0 {
			n = int(float64(elapsed)/interval) + 1
		}
		if n > total {
			n = total
		}
		for ; sent < n; sent++ {
			queue <- sent
		}
		// Requests waiting and no connection free: open another (up to the bound).
		if len(queue) > 0 && idle.Load() == 0 && int(conns.Load()) < *maxConns {
			connect()
		}
		if sent < total {
			wait := time.Until(scheduled(sent))
			if wait > 0 {
				time.Sleep(wait)
			}
		}
	}
	end := scheduled(total - 1).Add(*grace)
	for answered.Load() < int64(total) && time.Now().Before(end) {
		time.Sleep(time.Millisecond)
	}
	stopped.Store(true)
	close(queue)

	r := result{Offered: *rate, Conns: conns.Load(), Status: map[int]int{}}
	lat := make([]float64, 0, total-warm)
	windowEnd := scheduled(warm).Add(*duration)
	doneInWindow := 0
	for i := warm; i < total; i++ {
		l := atomic.LoadInt64(&latency[i])
		s := int(atomic.LoadInt32(&status[i]))
		r.Measured++
		switch {
		case l == 0:
			r.Unfinished++
			lat = append(lat, math.Inf(1))
			continue
		case s < 0:
			r.Errors++
		case s >= 200 && s < 300:
			r.OK++
		default:
			r.Non2xx++
		}
		if s >= 0 {
			r.Status[s]++
		}
		lat = append(lat, float64(l)/1e6)
		if *slowMs > 0 && float64(l)/1e6 > *slowMs && len(r.Slow) < 2000 {
			r.Slow = append(r.Slow, math.Round(float64(scheduled(i).Sub(scheduled(warm)))/1e5)/10)
		}
		if scheduled(i).Add(time.Duration(l)).Before(windowEnd) {
			doneInWindow++
		}
	}
	r.Achieved = float64(doneInWindow) / duration.Seconds()
	sort.Float64s(lat)
	q := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		k := int(math.Ceil(p*float64(len(lat)))) - 1
		if k < 0 {
			k = 0
		}
		return finite(lat[k])
	}
	r.P50, r.P90, r.P99, r.P999, r.Max = q(0.5), q(0.9), q(0.99), q(0.999), q(1)
	if e, ok := firstErr.Load().(string); ok {
		r.FirstError = e
	}
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
}

// JSON has no infinity: an unanswered request's latency is written as -1.
func finite(x float64) float64 {
	if math.IsInf(x, 1) {
		return -1
	}
	return math.Round(x*1000) / 1000
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "loadgen:", err)
	os.Exit(2)
}
