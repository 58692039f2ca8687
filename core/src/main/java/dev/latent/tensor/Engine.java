package dev.latent.tensor;

import dev.latent.kernels.Workspace;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Reverse-mode backward pass. Iterative throughout (no recursion), so graphs of any depth work: first count how
 * many consumers feed each node, then run a node once all of them have delivered their gradient.
 */
final class Engine {
    private Engine() {
    }

    static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        Function rootFn = root.gradEdge();
        Map<Function, Integer> pending = countDependencies(rootFn);
        Map<Function, Tensor> grads = new IdentityHashMap<>();
        grads.put(rootFn, gradient);
        ArrayDeque<Function> ready = new ArrayDeque<>();
        ready.push(rootFn);
        // Gradients created here die with this pass (leaves keep private copies), so their arrays are recycled.
        try (var scope = GradMode.noGrad(); var results = Workspace.recycleResults()) {
            while (!ready.isEmpty()) {
                Function fn = ready.pop();
                Tensor grad = grads.remove(fn);
                Tensor[] inputGrads = fn.runBackward(grad);
                Function[] next = fn.next();
                for (int i = 0; i < next.length; i++) {
                    Function target = next[i];
                    if (target == null) {
                        continue;
                    }
                    Tensor g = inputGrads[i];
                    if (g != null) {
                        Tensor previous = grads.get(target);
                        grads.put(target, previous == null ? g : previous.add(g));
                    }
                    int left = pending.merge(target, -1, Integer::sum);
                    if (left == 0 && grads.containsKey(target)) {
                        ready.push(target);
                    }
                }
                if (!retainGraph) {
                    fn.release();
                }
            }
        }
    }

    private static Map<Function, Integer> countDependencies(Function root) {
        Map<Function, Integer> pending = new IdentityHashMap<>();
        ArrayDeque<Function> stack = new ArrayDeque<>();
        pending.put(root, 0);
        stack.push(root);
        while (!stack.isEmpty()) {
            Function fn = stack.pop();
            if (fn.isReleased()) {
                // Reported when this node would run; its inputs are unknown once released.
                continue;
            }
            for (Function n : fn.next()) {
                if (n == null) {
                    continue;
                }
                Integer count = pending.get(n);
                if (count == null) {
                    pending.put(n, 1);
                    stack.push(n);
                } else {
                    pending.put(n, count + 1);
                }
            }
        }
        return pending;
    }
}
